"""Fixtures of the in-process handler tests (:mod:`tests.bot.harness`)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import open_database
from l10n import Texts
from tests.bot.harness import BotClient, Harness, StorageKind, open_harness


@pytest.fixture(scope="session")
def texts() -> Texts:
    """The Russian texts, loaded once."""
    return Texts.load()


@pytest.fixture(scope="session")
async def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema applied, made once and copied for each test (fast)."""
    path = tmp_path_factory.mktemp("template") / "bot.db"
    await (await open_database(path)).close()  # the last connection's close folds the WAL in
    return path


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest, tmp_path: Path, texts: Texts, empty_database: Path
) -> AsyncIterator[Harness]:
    """The dispatcher on a fresh database; FSM state in SQLite unless parametrized ``"json"``.

    ``@pytest.mark.parametrize("harness", ["sqlite", "json"], indirect=True)`` runs a test
    on both: the JSON round-trip memory storage catches state that is not JSON-safe.
    """
    kind: StorageKind = getattr(request, "param", "sqlite")
    database = Path(shutil.copyfile(empty_database, tmp_path / "bot.db"))
    async with open_harness(database, texts, kind) as opened:
        yield opened


@pytest.fixture
def client(harness: Harness) -> BotClient:
    """Anna, writing to the bot in a private chat."""
    return harness.client()
