"""Throwaway PostgreSQL and Redis servers for tests, each on a free loopback port.

A server starts when a test first asks for it and stops when the session ends, failed or
not; ``setpriv --pdeathsig KILL`` also ends it if pytest itself dies. PostgreSQL refuses to
run as root, so under root both servers run as ``nobody`` in a folder it owns.

- ``postgres_url``: ``postgresql://postgres@127.0.0.1:PORT/NAME``, a new empty database;
- ``redis_url``: ``redis://127.0.0.1:PORT/0`` on a server emptied (FLUSHALL) for the test.

Binaries come from ``PATH`` or ``/usr/lib/postgresql/*/bin``; ``make services`` installs
what is missing. A server that cannot start fails the test with its log, never skips it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
import redis

HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
POSTGRES_USER = "postgres"
INITDB_OPTIONS = ("-U", POSTGRES_USER, "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8")
POSTGRES_READY = "database system is ready to accept connections"
REDIS_READY = "Ready to accept connections"


@dataclass(frozen=True)
class Server:
    """A started server: where it listens and where it logs."""

    port: int
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _binary(name: str) -> Path:
    """``name`` from ``PATH``, else from the newest ``/usr/lib/postgresql/*/bin``."""
    found = shutil.which(name)
    if found is not None:
        return Path(found)
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if not versions:
        pytest.fail(f"{name} is not installed: run `make services` (it uses apt-get)")
    return versions[-1]


def _unprivileged(folder: Path) -> list[str]:
    """A command prefix: die with pytest; under root, also become ``nobody`` owning ``folder``."""
    prefix = ["setpriv", "--pdeathsig", "KILL"]
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        prefix += [f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    return prefix


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""


@contextmanager
def _running(name: str, command: list[str], log: Path, ready: str) -> Iterator[None]:
    """Run ``command`` until the block ends, once its log says ``ready``; fail clearly if not."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while ready not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not start ({' '.join(command)}):\n{_tail(log)}")
            time.sleep(0.02)
        yield
    finally:
        process.send_signal(signal.SIGINT)  # fast shutdown for PostgreSQL, clean exit for Redis
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL cluster in a temporary folder: trust authentication, no fsync, TCP only."""
    folder = Path(tempfile.mkdtemp(prefix="ltv-postgres-"))
    try:
        prefix = _unprivileged(folder)
        initdb = _binary("initdb")
        postgres = initdb.resolve().parent / "postgres"  # the same version as initdb
        data, log, port = folder / "data", folder / "postgres.log", _free_port()
        init = subprocess.run(
            [*prefix, str(initdb), "-D", str(data), *INITDB_OPTIONS],
            capture_output=True,
            text=True,
            check=False,
        )
        if init.returncode != 0:
            pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        settings = {
            "listen_addresses": HOST,
            "port": str(port),
            "unix_socket_directories": "",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        command = [*prefix, str(postgres), "-D", str(data), *options]
        with _running("PostgreSQL", command, log, POSTGRES_READY):
            yield Server(port, log)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Server]:
    """A Redis server that keeps nothing on disk."""
    folder = Path(tempfile.mkdtemp(prefix="ltv-redis-"))
    try:
        port, log = _free_port(), folder / "redis.log"
        command = [*_unprivileged(folder), str(_binary("redis-server")), "--bind", HOST]
        command += ["--port", str(port), "--dir", str(folder), "--save", "", "--appendonly", "no"]
        with _running("Redis", command, log, REDIS_READY):
            yield Server(port, log)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def postgres_url(postgres_server: Server) -> AsyncIterator[str]:
    """A new empty database for this test, dropped after it (open connections cut)."""
    server = f"postgresql://{POSTGRES_USER}@{HOST}:{postgres_server.port}"
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield f"{server}/{name}"
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def redis_url(redis_server: Server) -> str:
    """Database 0 of the session's Redis, every key of every database deleted first."""
    with redis.Redis(host=HOST, port=redis_server.port) as client:
        client.flushall()
    return f"redis://{HOST}:{redis_server.port}/0"
