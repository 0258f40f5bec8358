"""One update, one unit of work, on every backend: what another replica sees, and when.

``tests/storage/test_fsm_unit.py`` checks SQLite's unit in detail (its cache, its writes);
here the same promises are checked on every FSM storage the factory makes, with a second
backend on the same database standing for another replica. What another replica sees
while a unit is open is for shared storages only: SQLite serves one process, from memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol

import pytest
from aiogram.fsm.storage.base import BaseStorage, StorageKey

from bot.config import Settings
from bot.storage import Backend, open_backend

KEY = StorageKey(bot_id=42, chat_id=7, user_id=7)


class Boom(Exception):
    """A handler that failed half-way."""


@pytest.fixture
async def replicas(fsm_settings: Settings) -> AsyncIterator[tuple[Backend, Backend]]:
    one = await open_backend(fsm_settings)
    two = await open_backend(fsm_settings)
    yield one, two
    await one.close()
    await two.close()


class UnitStorage(Protocol):
    """What bot.middlewares.state_unit.StateUnit looks for on the storage."""

    def unit(self, key: StorageKey) -> AbstractAsyncContextManager[None]: ...


def units(backend: Backend) -> UnitStorage:
    unit = getattr(backend.fsm, "unit", None)
    assert unit is not None, "every backend groups an update's changes"
    storage: UnitStorage = backend.fsm  # type: ignore[assignment]
    return storage


@pytest.mark.parametrize("fsm_settings", ["postgresql", "redis"], indirect=True)
async def test_changes_in_a_unit_are_seen_by_others_only_at_the_end(
    replicas: tuple[Backend, Backend],
) -> None:
    one, two = replicas
    async with units(one).unit(KEY):
        await one.fsm.set_state(KEY, "Calc:price")
        await one.fsm.set_data(KEY, {"answers": {"model": "subscription"}})
        assert await one.fsm.get_state(KEY) == "Calc:price"  # seen inside at once
        assert await one.fsm.get_data(KEY) == {"answers": {"model": "subscription"}}
        assert await two.fsm.get_state(KEY) is None  # not written yet
    assert await two.fsm.get_state(KEY) == "Calc:price"
    assert await two.fsm.get_data(KEY) == {"answers": {"model": "subscription"}}


async def test_a_failed_unit_leaves_the_state_where_it_was(
    replicas: tuple[Backend, Backend],
) -> None:
    one, two = replicas
    storage: BaseStorage = one.fsm
    await storage.set_state(KEY, "Calc:churn")
    await storage.set_data(KEY, {"answers": {"price": 3000}})
    with pytest.raises(Boom):
        async with units(one).unit(KEY):
            await storage.set_state(KEY, "Calc:margin")
            await storage.update_data(KEY, {"answers": {"price": 3000, "churn": 5}})
            async with units(one).unit(KEY):  # nested: the outer unit decides
                await storage.set_data(KEY, {"nested": True})
            raise Boom
    for backend in replicas:
        assert await backend.fsm.get_state(KEY) == "Calc:churn"
        assert await backend.fsm.get_data(KEY) == {"answers": {"price": 3000}}
    assert await two.fsm.get_data(KEY) == {"answers": {"price": 3000}}


async def test_a_unit_refuses_data_that_is_not_plain_json(
    replicas: tuple[Backend, Backend],
) -> None:
    one, _ = replicas
    async with units(one).unit(KEY):
        with pytest.raises(TypeError):
            await one.fsm.set_data(KEY, {"pair": (1, 2)})
        await one.fsm.set_data(KEY, {"ok": [1, 2]})
        (await one.fsm.get_data(KEY))["ok"].append(3)  # a copy
    assert await one.fsm.get_data(KEY) == {"ok": [1, 2]}


@pytest.mark.parametrize("fsm_settings", ["postgresql", "redis"], indirect=True)
async def test_a_unit_without_changes_does_not_undo_another_replicas_write(
    replicas: tuple[Backend, Backend],
) -> None:
    one, two = replicas
    await one.fsm.set_state(KEY, "Calc:price")
    async with units(one).unit(KEY):
        assert await one.fsm.get_state(KEY) == "Calc:price"
        await two.fsm.set_state(KEY, "Calc:churn")  # (the person's lock prevents this)
        await two.fsm.set_data(KEY, {"from": "two"})
    assert await one.fsm.get_state(KEY) == "Calc:churn"
    assert await one.fsm.get_data(KEY) == {"from": "two"}


@pytest.mark.parametrize("fsm_settings", ["postgresql", "redis"], indirect=True)
async def test_nothing_is_kept_between_units(replicas: tuple[Backend, Backend]) -> None:
    one, two = replicas
    async with units(one).unit(KEY):
        await one.fsm.set_state(KEY, "Calc:price")
    await two.fsm.set_state(KEY, "Calc:margin")  # the next update went to the other replica
    async with units(one).unit(KEY):
        assert await one.fsm.get_state(KEY) == "Calc:margin"
