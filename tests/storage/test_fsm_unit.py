"""One update, one unit of work: a person's state is read once, and what it changed is written
once, with the update's done mark — or not at all."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.storage.db import open_database
from bot.storage.delivery import SQLiteInbox
from bot.storage.fsm import SQLiteStorage

KEY = StorageKey(bot_id=42, chat_id=7, user_id=7)


class Boom(Exception):
    """A handler that failed half-way (a question that could not be delivered)."""


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[SQLiteStorage]:
    storage = await SQLiteStorage.open(tmp_path / "bot.db")
    yield storage
    await storage.close()


async def on_disk(path: Path) -> tuple[str | None, str] | None:
    """The row as a fresh process would read it."""
    conn = await open_database(path)
    try:
        rows = list(await conn.execute_fetchall("SELECT state, data FROM fsm"))
    finally:
        await conn.close()
    return (rows[0][0], rows[0][1]) if rows else None


async def test_changes_in_a_unit_are_written_by_the_next_flush(tmp_path: Path) -> None:
    storage = await SQLiteStorage.open(tmp_path / "bot.db")
    try:
        async with storage.unit(KEY):
            await storage.set_state(KEY, "Calc:price")
            await storage.set_data(KEY, {"answers": {"model": "subscription"}})
            assert await storage.get_state(KEY) == "Calc:price"  # seen inside at once
        assert await storage.get_state(KEY) == "Calc:price"
        assert await on_disk(tmp_path / "bot.db") is None  # not written yet
        await storage.flush()
        assert await on_disk(tmp_path / "bot.db") == (
            "Calc:price",
            '{"answers": {"model": "subscription"}}',
        )
    finally:
        await storage.close()


async def test_many_people_are_written_in_one_flush_and_closing_flushes(tmp_path: Path) -> None:
    storage = await SQLiteStorage.open(tmp_path / "bot.db")
    people = [StorageKey(bot_id=42, chat_id=n, user_id=n) for n in range(1, 301)]
    for n, key in enumerate(people, 1):
        async with storage.unit(key):
            await storage.set_state(key, "Calc:price")
            await storage.set_data(key, {"answers": {"цена": n}})
    await storage.close()

    reopened = await SQLiteStorage.open(tmp_path / "bot.db")
    try:
        for n, key in enumerate(people, 1):
            assert await reopened.get_state(key) == "Calc:price"
            assert await reopened.get_data(key) == {"answers": {"цена": n}}
    finally:
        await reopened.close()


async def test_a_failed_unit_leaves_the_state_where_it_was(storage: SQLiteStorage) -> None:
    await storage.set_state(KEY, "Calc:churn")
    await storage.set_data(KEY, {"answers": {"price": 3000}})
    with pytest.raises(Boom):
        async with storage.unit(KEY):
            await storage.set_state(KEY, "Calc:margin")
            await storage.update_data(KEY, {"answers": {"price": 3000, "churn": 5}})
            raise Boom
    assert await storage.get_state(KEY) == "Calc:churn"
    assert await storage.get_data(KEY) == {"answers": {"price": 3000}}


async def test_a_unit_without_changes_writes_nothing(tmp_path: Path) -> None:
    storage = await SQLiteStorage.open(tmp_path / "bot.db")
    try:
        async with storage.unit(KEY):
            await storage.get_state(KEY)
            await storage.set_data(KEY, {})  # the same as before: nothing to write
        assert await on_disk(tmp_path / "bot.db") is None
    finally:
        await storage.close()


async def test_a_failed_flush_keeps_the_rows_and_the_done_marks_wait(tmp_path: Path) -> None:
    conn = await open_database(tmp_path / "bot.db")
    storage = SQLiteStorage(conn)
    inbox = SQLiteInbox(conn, before_done=storage.flush)
    try:
        await inbox.store([(1, "{}")])
        async with storage.unit(KEY):
            await storage.set_state(KEY, "Calc:churn")
        await conn.execute(
            "CREATE TRIGGER full BEFORE INSERT ON fsm BEGIN "
            "SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        with pytest.raises(Exception, match="disk is full"):
            await inbox.done([1])
        # Neither written: after a crash now, update 1 is handled again from the old state
        assert [update_id for update_id, _ in await inbox.pending()] == [1]
        assert await on_disk(tmp_path / "bot.db") is None
        assert await storage.get_state(KEY) == "Calc:churn"

        await conn.execute("DROP TRIGGER full")
        await inbox.done([1])
        assert await inbox.pending() == []
        assert await on_disk(tmp_path / "bot.db") == ("Calc:churn", "{}")
    finally:
        await storage.close()
        await conn.close()


async def test_a_change_outside_a_unit_is_written_at_once_over_an_older_one(
    tmp_path: Path,
) -> None:
    storage = await SQLiteStorage.open(tmp_path / "bot.db")
    try:
        async with storage.unit(KEY):
            await storage.set_state(KEY, "Calc:price")
        await storage.set_state(KEY, None)  # e.g. a job, outside any update
        assert await on_disk(tmp_path / "bot.db") == (None, "{}")
        await storage.flush()  # the unit's older row is not written over it
        assert await on_disk(tmp_path / "bot.db") == (None, "{}")
    finally:
        await storage.close()


async def test_the_state_is_read_from_the_database_once(storage: SQLiteStorage) -> None:
    await storage.set_state(KEY, "Calc:price")
    await storage._conn.execute("DELETE FROM fsm")  # behind the storage's back
    assert await storage.get_state(KEY) == "Calc:price", "served from memory, not re-read"
