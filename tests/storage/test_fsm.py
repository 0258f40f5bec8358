"""The FSM storages against aiogram's storage contract, plus persistence and strict JSON.

The contract runs on every backend (``storage``: SQLite, PostgreSQL, Redis); persistence
across a restart or a kill is SQLite's own.
"""

import asyncio
import dataclasses
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey

from bot.storage.db import open_database
from bot.storage.fsm import SQLiteStorage

ROOT = Path(__file__).resolve().parents[2]
KEY = StorageKey(bot_id=42, chat_id=-100, user_id=7)


class Form(StatesGroup):
    name = State()


@pytest.fixture
def storage(fsm_storage: BaseStorage) -> BaseStorage:
    return fsm_storage


async def test_state_set_get_and_clear(storage: BaseStorage) -> None:
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, "state")
    assert await storage.get_state(KEY) == "state"
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_state_object_is_stored_by_name(storage: BaseStorage) -> None:
    await storage.set_state(KEY, Form.name)
    assert await storage.get_state(KEY) == "Form:name"


async def test_data_set_get_and_clear(storage: BaseStorage) -> None:
    assert await storage.get_data(KEY) == {}
    await storage.set_data(KEY, {"foo": "bar"})
    assert await storage.get_data(KEY) == {"foo": "bar"}
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}


async def test_update_data_merges(storage: BaseStorage) -> None:
    assert await storage.update_data(KEY, {"foo": "bar"}) == {"foo": "bar"}
    assert await storage.update_data(KEY, {}) == {"foo": "bar"}
    assert await storage.update_data(KEY, {"baz": "spam"}) == {"foo": "bar", "baz": "spam"}
    assert await storage.update_data(KEY, {"baz": "test"}) == {"foo": "bar", "baz": "test"}
    assert await storage.get_data(KEY) == {"foo": "bar", "baz": "test"}
    assert await storage.get_value(KEY, "baz") == "test"


async def test_state_and_data_are_independent(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"step": 3})
    await storage.set_state(KEY, "state")
    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"step": 3}
    await storage.set_state(KEY, "state")
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "state"


async def test_get_data_returns_a_copy(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"items": [1]})
    (await storage.get_data(KEY))["items"].append(2)
    assert await storage.get_data(KEY) == {"items": [1]}


def test_key_covers_every_storage_key_field() -> None:
    """An aiogram upgrade that adds a key field must fail here, not collide silently."""
    assert [f.name for f in dataclasses.fields(StorageKey)] == [
        "bot_id",
        "chat_id",
        "user_id",
        "thread_id",
        "business_connection_id",
        "destiny",
    ]


@pytest.mark.parametrize(
    "other",
    [
        dataclasses.replace(KEY, bot_id=43),
        dataclasses.replace(KEY, chat_id=-101),
        dataclasses.replace(KEY, user_id=8),
        dataclasses.replace(KEY, chat_id=7, user_id=-100),
        dataclasses.replace(KEY, thread_id=5),
        dataclasses.replace(KEY, thread_id=0),
        dataclasses.replace(KEY, business_connection_id="bc"),
        dataclasses.replace(KEY, business_connection_id="None"),
        dataclasses.replace(KEY, business_connection_id=""),
        dataclasses.replace(KEY, destiny="scene"),
        dataclasses.replace(KEY, destiny='default",'),
    ],
    ids=repr,
)
async def test_keys_differing_in_any_field_do_not_collide(
    storage: BaseStorage, other: StorageKey
) -> None:
    await storage.set_state(KEY, "mine")
    await storage.set_data(KEY, {"who": "mine"})
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}
    await storage.set_state(other, "theirs")
    await storage.set_data(other, {"who": "theirs"})
    assert await storage.get_state(KEY) == "mine"
    assert await storage.get_data(KEY) == {"who": "mine"}


CYRILLIC_NESTED: dict[str, Any] = {
    "модель": "подписка",
    "ответы": {"цена": 1990.5, "отток": 0.07, "маржа": None, "шаги": [1, 2, {"ок": True}]},
    "имя": "План «Б» 🚀 <b>&amp;</b>",
}


async def test_cyrillic_and_nested_data_round_trip(storage: BaseStorage) -> None:
    await storage.set_data(KEY, CYRILLIC_NESTED)
    assert await storage.get_data(KEY) == CYRILLIC_NESTED


@pytest.mark.parametrize(
    "data",
    [
        {"when": object()},
        {"amount": {1, 2}},
        {"pair": (1, 2)},
        {"by_id": {1: "int keys would come back as str"}},
        {"nan": float("nan")},
    ],
    ids=["object", "set", "tuple", "int-keys", "nan"],
)
async def test_data_that_is_not_plain_json_is_refused(
    storage: BaseStorage, data: dict[str, Any]
) -> None:
    await storage.set_data(KEY, {"kept": 1})
    with pytest.raises(TypeError):
        await storage.set_data(KEY, data)
    with pytest.raises(TypeError):
        await storage.update_data(KEY, data)
    assert await storage.get_data(KEY) == {"kept": 1}


async def test_non_dict_data_is_refused(storage: BaseStorage) -> None:
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(KEY, [("a", 1)])  # type: ignore[arg-type]


async def test_state_and_data_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    storage = await SQLiteStorage.open(path)
    await storage.set_state(KEY, Form.name)
    await storage.set_data(KEY, CYRILLIC_NESTED)
    await storage.close()

    reopened = await SQLiteStorage.open(path)
    try:
        assert await reopened.get_state(KEY) == "Form:name"
        assert await reopened.get_data(KEY) == CYRILLIC_NESTED
    finally:
        await reopened.close()


async def test_committed_state_survives_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    script = textwrap.dedent(
        f"""
        import asyncio, os
        from pathlib import Path
        from aiogram.fsm.storage.base import BaseStorage, StorageKey
        from bot.storage.fsm import SQLiteStorage

        async def main() -> None:
            storage = await SQLiteStorage.open(Path({str(path)!r}))
            await storage.set_state({KEY!r}, "waiting")
            await storage.update_data({KEY!r}, {{"шаг": 2}})
            os._exit(0)  # no close, no checkpoint: as if the process were killed

        asyncio.run(main())
        """
    )
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", script, cwd=ROOT)
    assert await asyncio.wait_for(process.wait(), timeout=60) == 0

    storage = await SQLiteStorage.open(path)
    try:
        assert await storage.get_state(KEY) == "waiting"
        assert await storage.get_data(KEY) == {"шаг": 2}
    finally:
        await storage.close()


async def test_close_leaves_a_shared_connection_open(tmp_path: Path) -> None:
    conn = await open_database(tmp_path / "bot.db")
    try:
        storage = SQLiteStorage(conn)
        await storage.set_state(KEY, "before")
        await storage.close()
        assert await SQLiteStorage(conn).get_state(KEY) == "before"
    finally:
        await conn.close()
