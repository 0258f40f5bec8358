"""Persistence: SQLite (one process) or PostgreSQL (replicas), Redis for shared dialog state.

:func:`open_backend` picks them by the settings (``DATABASE_URL``, ``REDIS_URL``) and
returns every repository behind the same interfaces.
"""

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

from bot.storage.backend import Backend, Reachability, StoredInbox, open_backend  # isort: skip

__all__ = [
    "Backend",
    "EventKind",
    "EventLog",
    "Reachability",
    "SQLiteEventLog",
    "SQLiteScenarioRepository",
    "SQLiteStorage",
    "Scenario",
    "ScenarioLimitReached",
    "ScenarioRepository",
    "SchemaVersionError",
    "StoredInbox",
    "open_backend",
    "open_database",
]
