"""The PostgreSQL backend: every storage interface over one asyncpg pool, for replicas."""

from bot.storage.postgres.delivery import (
    PostgresInbox,
    PostgresJobQueue,
    PostgresReachability,
    replica_name,
)
from bot.storage.postgres.fsm import PostgresStorage
from bot.storage.postgres.owner import PostgresAudience, PostgresBroadcasts, PostgresReports
from bot.storage.postgres.scenarios import PostgresEventLog, PostgresScenarioRepository
from bot.storage.postgres.schema import MIGRATIONS, migrate, schema_version

__all__ = [
    "MIGRATIONS",
    "PostgresAudience",
    "PostgresBroadcasts",
    "PostgresEventLog",
    "PostgresInbox",
    "PostgresJobQueue",
    "PostgresReachability",
    "PostgresReports",
    "PostgresScenarioRepository",
    "PostgresStorage",
    "migrate",
    "replica_name",
    "schema_version",
]
