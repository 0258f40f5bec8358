"""Persistence: the SQLite database, the FSM storage, saved scenarios and event counters."""

from bot.storage.db import SchemaVersionError, open_database
from bot.storage.fsm import SQLiteStorage
from bot.storage.scenarios import (
    EventKind,
    EventLog,
    Scenario,
    ScenarioLimitReached,
    ScenarioRepository,
    SQLiteEventLog,
    SQLiteScenarioRepository,
)

__all__ = [
    "EventKind",
    "EventLog",
    "SQLiteEventLog",
    "SQLiteScenarioRepository",
    "SQLiteStorage",
    "Scenario",
    "ScenarioLimitReached",
    "ScenarioRepository",
    "SchemaVersionError",
    "open_database",
]
