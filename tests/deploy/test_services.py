"""The throwaway servers of ``tests/services.py`` answer, and each test gets them empty."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as redis


@pytest.mark.slow
async def test_postgres_answers(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        assert await conn.fetchval("SELECT 1") == 1
        await conn.execute("CREATE TABLE leftover (id int)")
    finally:
        await conn.close()


@pytest.mark.slow
async def test_postgres_database_is_new_for_each_test(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        tables = await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert tables == 0
    finally:
        await conn.close()


@pytest.mark.slow
async def test_postgres_runs_unprivileged(postgres_url: str) -> None:
    """PostgreSQL runs only as the owner of its data folder, and that is never root."""
    conn = await asyncpg.connect(postgres_url)
    try:
        data = await conn.fetchval("SELECT current_setting('data_directory')")
    finally:
        await conn.close()
    owner = await asyncio.to_thread(lambda: Path(data).stat().st_uid)
    assert owner != 0


@pytest.mark.slow
async def test_redis_answers(redis_url: str) -> None:
    async with redis.from_url(redis_url) as client:
        assert await client.ping()
        await client.set("leftover", "value")
        assert await client.get("leftover") == b"value"


@pytest.mark.slow
async def test_redis_is_empty_for_each_test(redis_url: str) -> None:
    async with redis.from_url(redis_url) as client:
        assert await client.dbsize() == 0
