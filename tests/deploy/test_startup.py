"""Operations that fail well: a deployment misconfigured or damaged on purpose.

Each start-up failure is one Russian line naming the setting, exit code 2, no traceback,
never the token. A database the bot cannot use (not a database, damaged, truncated,
read-only, a folder, locked, from a newer bot) is refused at start instead of answering
every update «Что-то пошло не так». A new SQLite database is private (0600, folder 0700).

Most cases open the storage in this process (fast); a few run ``python -m bot`` to see
exactly what the owner sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import GetMe

from bot import runner
from bot.config import Settings, StartupError
from bot.delivery import Delivery, LocalBudget
from bot.storage import open_backend
from bot.storage.db import MIGRATIONS
from l10n import Texts
from tests.bot.harness import RecordingSession
from tests.e2e.bot_process import REPO_ROOT
from tests.e2e.fake_telegram import FakeTelegram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET_PART = TOKEN.partition(":")[2]


def settings(**values: Any) -> Settings:
    return Settings.model_validate({"bot_token": TOKEN, **values})


def sqlite_settings(path: Path) -> Settings:
    return settings(database_url=f"sqlite:///{path}")


async def refusal(values: Settings) -> tuple[str, str]:
    """The key and the rendered line of the StartupError opening ``values`` raises."""
    with pytest.raises(StartupError) as refused:
        backend = await open_backend(values)
        await backend.close()
    line = Texts.load().msg(refused.value.key, **refused.value.args_)
    assert "\n" not in line
    return refused.value.key, line


def make_database(path: Path, rows: int = 2000) -> None:
    """A bot database with enough rows to span many pages."""

    async def fill() -> None:
        backend = await open_backend(sqlite_settings(path))
        try:
            for n in range(rows // 200):
                await backend.inbox.store(
                    [(n * 200 + i, '{"text": "' + "x" * 200 + '"}') for i in range(200)]
                )
        finally:
            await backend.close()

    asyncio.run(fill())


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ltv.db"
    make_database(path)
    return path


# ---------------------------------------------------------------------------- the file


async def test_a_new_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "ltv.db"
    backend = await open_backend(sqlite_settings(path))
    try:
        await backend.inbox.store([(1, "{}")])
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        for name in ("ltv.db", "ltv.db-wal", "ltv.db-shm"):
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    finally:
        await backend.close()


async def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "ltv.db").mkdir()
    key, line = await refusal(sqlite_settings(tmp_path / "ltv.db"))
    assert key == "startup-db-directory"
    assert "DATABASE_URL" in line


async def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "ltv.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database " * 100)
    key, line = await refusal(sqlite_settings(path))
    assert key == "startup-db-not-database"
    assert str(path) in line


def overwrite_a_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 5 : 4096 * 5 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


async def test_damaged_pages_are_refused(database: Path) -> None:
    await asyncio.to_thread(overwrite_a_page, database)
    key, line = await refusal(sqlite_settings(database))
    assert key == "startup-db-damaged"
    assert "DATABASE_URL" in line


async def test_a_truncated_database_is_refused(database: Path) -> None:
    await asyncio.to_thread(cut_in_half, database)
    key, _ = await refusal(sqlite_settings(database))
    assert key == "startup-db-damaged"


async def test_a_database_from_a_newer_bot_is_refused(database: Path) -> None:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 2}")
        conn.commit()
    key, line = await refusal(sqlite_settings(database))
    assert key == "startup-db-newer"
    assert f"v{len(MIGRATIONS) + 2}" in line and f"v{len(MIGRATIONS)}" in line


async def test_a_database_locked_by_another_process_is_refused(database: Path) -> None:
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        key, line = await refusal(sqlite_settings(database))
    finally:
        holder.close()
    assert key == "startup-db-locked"
    assert "DATABASE_URL" in line


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only even for root (``chattr +i``), or skip saying why not."""
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.skip("root ignores file modes and this file system has no immutable flag")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


async def test_a_read_only_database_is_refused(database: Path) -> None:
    with read_only(database):
        key, line = await refusal(sqlite_settings(database))
    assert key == "startup-db-readonly"
    assert "DATABASE_URL" in line


# ---------------------------------------------------------------------------- servers


async def test_an_unreachable_postgresql(tmp_path: Path) -> None:
    key, line = await refusal(settings(database_url="postgresql://ltv:pw@127.0.0.1:1/ltv"))
    assert key == "startup-db-unreachable"
    assert "DATABASE_URL" in line and "pw" not in line


async def test_a_postgresql_database_that_does_not_exist(postgres_url: str) -> None:
    missing = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    key, line = await refusal(settings(database_url=missing))
    assert key == "startup-db-refused"
    assert "DATABASE_URL" in line


async def test_an_unreachable_redis(tmp_path: Path) -> None:
    values = settings(
        database_url=f"sqlite:///{tmp_path / 'ltv.db'}", redis_url="redis://:pw@127.0.0.1:1/0"
    )
    key, line = await refusal(values)
    assert key == "startup-redis-unreachable"
    assert "REDIS_URL" in line


async def test_telegram_silent_at_start_is_refused_after_three_tries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bot that will serve asks, past its delivery (which would retry without end)
    monkeypatch.setattr(runner, "TOKEN_CHECKS", (0.0, 0.0, 0.0))
    session = RecordingSession()
    session.fail(GetMe, TelegramNetworkError, "connection refused", times=3)
    bot = Bot(TOKEN, session=session)
    bot.session.middleware(Delivery(LocalBudget(), backoff=(0.0,)))
    with pytest.raises(StartupError) as refused:
        await runner.check_token(bot, settings(telegram_api_url="http://127.0.0.1:9"))
    assert refused.value.key == "startup-telegram-unreachable"
    assert refused.value.args_ == {"where": "127.0.0.1:9"}
    assert [type(call) for call in session.requests] == [GetMe] * 3


# ---------------------------------------------------------------------------- what the owner sees


def run_bot(
    env: Mapping[str, str], *args: str, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,  # REPO_ROOT has no .env: only ``env`` counts
        env={**keep, "BOT_TOKEN": TOKEN, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], *names: str) -> str:
    assert done.returncode == 2, done.stderr
    output = done.stdout + done.stderr
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    assert SECRET_PART not in output
    for name in names:
        assert name in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"TELEGRAM_API_URL": "127.0.0.1:8081"}, ["TELEGRAM_API_URL"]),
        ({"TELEGRAM_API_URL": "localhost:8081/"}, ["TELEGRAM_API_URL"]),
        ({"BOT_MODE": "webhook"}, ["WEBHOOK_URL", "WEBHOOK_SECRET"]),
        (
            {"BOT_MODE": "webhook", "WEBHOOK_URL": "https://bot.example.com/tg"},
            ["WEBHOOK_SECRET"],
        ),
        ({"WEBHOOK_SECRET": "has spaces and !"}, ["WEBHOOK_SECRET"]),
        ({"WEBHOOK_PORT": "99999"}, ["WEBHOOK_PORT"]),
        ({"BOT_MODE": "lambda"}, ["BOT_MODE"]),
        ({"DATABASE_URL": "mysql://root:hunter2@db/ltv"}, ["DATABASE_URL"]),
        ({"REDIS_URL": "http://redis:6379"}, ["REDIS_URL"]),
    ],
    ids=lambda value: str(value),
)
def test_bad_settings_are_one_line(env: dict[str, str], names: list[str]) -> None:
    line = assert_one_line(run_bot(env), *names)
    assert "hunter2" not in line


@pytest.mark.slow
def test_an_unusable_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "ltv.db").mkdir()
    assert_one_line(run_bot({"DATABASE_URL": f"sqlite:///{tmp_path / 'ltv.db'}"}), "DATABASE_URL")


@pytest.mark.slow
async def test_a_token_telegram_refuses_is_one_line(tmp_path: Path) -> None:
    async with FakeTelegram(token="987654:ANOTHER-token") as telegram:
        env = {"TELEGRAM_API_URL": telegram.url, "DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"}
        done = await asyncio.to_thread(run_bot, env)
        telegram.errors.clear()
    assert "BOT_TOKEN" in assert_one_line(done)


@pytest.mark.slow
async def test_a_taken_webhook_port_is_one_line(tmp_path: Path) -> None:
    async with FakeTelegram(token=TOKEN) as telegram:
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        env = {
            "TELEGRAM_API_URL": telegram.url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}",
            "BOT_MODE": "webhook",
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg",
            "WEBHOOK_SECRET": "secret",
            "WEBHOOK_HOST": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
        }
        try:
            done = await asyncio.to_thread(run_bot, env)
        finally:
            server.close()
            await server.wait_closed()
    assert_one_line(done, "WEBHOOK_PORT", str(port))


def test_healthcheck_in_polling_mode(database: Path, tmp_path: Path) -> None:
    healthy = run_bot({"DATABASE_URL": f"sqlite:///{database}"}, "healthcheck")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert len(healthy.stdout.strip().splitlines()) == 1

    missing = tmp_path / "absent" / "ltv.db"
    sick = run_bot({"DATABASE_URL": f"sqlite:///{missing}"}, "healthcheck")
    assert sick.returncode == 1
    assert len(sick.stdout.strip().splitlines()) == 1
    assert "DATABASE_URL" in sick.stdout
    assert not missing.parent.exists(), "a health check creates nothing"

    no_redis = run_bot(
        {"DATABASE_URL": f"sqlite:///{database}", "REDIS_URL": "redis://127.0.0.1:1/0"},
        "healthcheck",
    )
    assert no_redis.returncode == 1
    assert "REDIS_URL" in no_redis.stdout


def test_an_unknown_command_is_one_line() -> None:
    done = run_bot({}, "frobnicate")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "healthcheck" in done.stderr


def test_a_bot_on_sqlite_loads_no_postgresql_or_redis_driver(tmp_path: Path) -> None:
    # asyncpg and redis cost a SQLite bot's start ~55 ms and ~9 MiB: loaded only when chosen
    script = (
        "import asyncio, sys\n"
        "from bot.config import Settings\n"
        "from bot.runner import run\n"
        "from bot.storage import open_backend\n"
        "async def main():\n"
        "    backend = await open_backend(Settings())\n"
        "    await backend.ping()\n"
        "    await backend.close()\n"
        "asyncio.run(main())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'asyncpg', 'redis'}))\n"
    )
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"
