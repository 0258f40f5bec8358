"""Webhook mode end to end: the real bot process takes updates the fake Telegram POSTs.

The bot sets the webhook itself at start (the fake then stops answering getUpdates and
POSTs every update with the secret header); a request without the right secret gets 401
and is not handled; ``/healthz`` answers; ``python -m bot healthcheck`` says so in a line.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.e2e.bot_process import REPO_ROOT, BotProcess
from tests.e2e.fake_telegram import SECRET_HEADER, FakeTelegram
from tests.e2e.steps import open_dialog, say

pytestmark = pytest.mark.slow  # starts the bot process

SECRET = "s3cret_webhook-TEST"
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def webhook_env(port: int, url: str, secret: str = SECRET) -> dict[str, str]:
    """The settings of a bot taking updates by webhook on 127.0.0.1:``port``."""
    return {
        "BOT_MODE": "webhook",
        "WEBHOOK_URL": url,
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    }


async def webhook_info(telegram: FakeTelegram) -> dict[str, Any]:
    """getWebhookInfo, asked as the bot would."""
    url = f"{telegram.url}/bot{telegram.token}/getWebhookInfo"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        body: dict[str, Any] = await response.json()
    return dict(body["result"])


async def wait_ready(
    bot: BotProcess, port: int, telegram: FakeTelegram, url: str, within: float = START_TIMEOUT
) -> None:
    """Wait until the bot answers /healthz and Telegram has its webhook; fail if it exits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    health = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
        while True:
            if not bot.running or loop.time() > deadline:
                raise AssertionError(
                    f"the bot is not ready (exit code {bot.returncode}); its log:\n"
                    + bot.log_text()
                )
            try:
                async with http.get(health) as response:
                    healthy = response.status == 200
            except aiohttp.ClientError:
                healthy = False
            if healthy and (await webhook_info(telegram))["url"] == url:
                return
            await asyncio.sleep(0.1)


def healthcheck(env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "healthcheck"],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def update_for(user_id: int, update_id: int, text: str) -> dict[str, Any]:
    chat = {"id": user_id, "type": "private", "first_name": "Чужой"}
    message = {
        "message_id": 1,
        "from": {"id": user_id, "is_bot": False, "first_name": "Чужой"},
        "chat": chat,
        "date": 1_700_000_000,
        "text": text,
    }
    return {"update_id": update_id, "message": message}


async def test_webhook_mode_takes_updates_with_the_secret_only(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    db = tmp_path / "ltv.db"
    async with FakeTelegram() as telegram:
        env = webhook_env(port, url)
        bot = BotProcess(telegram.url, db, env, log_path=tmp_path / "bot.log")
        await bot.start()
        try:
            await wait_ready(bot, port, telegram, url)
            info = await webhook_info(telegram)
            assert "message" in info["allowed_updates"]
            assert "callback_query" in info["allowed_updates"]

            # A step answered: the update went fake → POST with the secret → bot → reply.
            user = telegram.user(5001)
            question = await open_dialog(user)
            assert "Шаг 1" in question.text
            assert all(a.status == 200 for a in telegram.webhook_attempts)

            # Without the right secret: 401, nothing stored, nothing answered.
            intruder = 5002
            async with aiohttp.ClientSession() as http:
                for headers in ({SECRET_HEADER: "wrong"}, {}, {SECRET_HEADER: SECRET + "x"}):
                    body = update_for(intruder, 900_000 + len(headers), "/start")
                    async with http.post(url, json=body, headers=headers) as response:
                        assert response.status == 401
                async with http.post(
                    url, data=b"{not json", headers={SECRET_HEADER: SECRET}
                ) as response:
                    assert response.status == 400
                async with http.post(
                    url, data=b"[1, 2]", headers={SECRET_HEADER: SECRET}
                ) as response:
                    assert response.status == 400
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.status == 200
                    assert await response.text() == "ok"

            checked = await asyncio.to_thread(healthcheck, bot.env)
            assert checked.returncode == 0, checked.stdout + checked.stderr
            assert len(checked.stdout.strip().splitlines()) == 1

            await say(user, "/cancel")  # the dialog still goes on after the refusals
            await asyncio.sleep(0.5)
            assert telegram.user(intruder).messages == []
        finally:
            assert await bot.stop() == 0
        stored = await asyncio.to_thread(_stored_update_ids, db)
        assert not any(update_id >= 900_000 for update_id in stored)
        assert len(stored) >= 2

        after = await asyncio.to_thread(healthcheck, bot.env)
        assert after.returncode == 1
        assert len(after.stdout.strip().splitlines()) == 1

    log = bot.log_text()
    assert "Traceback" not in log, log
    assert telegram.token.partition(":")[2] not in log
    assert SECRET not in log


def _stored_update_ids(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT update_id, payload FROM inbox").fetchall()
    assert all(json.loads(payload)["update_id"] == update_id for update_id, payload in rows)
    return [update_id for update_id, _ in rows]


async def test_a_bot_switched_back_to_polling_deletes_the_webhook(tmp_path: Path) -> None:
    async with FakeTelegram() as telegram:
        await telegram.enqueue_raw({"message": update_for(6001, 0, "/start")["message"]})
        bot = BotProcess(telegram.url, tmp_path / "ltv.db", log_path=tmp_path / "bot.log")
        async with aiohttp.ClientSession() as http:
            set_url = f"{telegram.url}/bot{telegram.token}/setWebhook"
            params = {"url": "http://127.0.0.1:9/nowhere", "secret_token": SECRET}
            async with http.post(set_url, data=params) as response:
                assert response.status == 200
        await bot.start()
        try:
            await telegram.wait_polling(1, timeout=START_TIMEOUT)
            assert (await webhook_info(telegram))["url"] == ""
            reply = await telegram.user(6001).wait_message(timeout=15)
            assert reply.text
        finally:
            await bot.stop()
    assert "Traceback" not in bot.log_text()


async def test_set_webhook_command(tmp_path: Path) -> None:
    seen: list[str | None] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(request.headers.get(SECRET_HEADER))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", record)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}/hook"
    try:
        async with FakeTelegram() as telegram:
            bot = BotProcess(telegram.url, tmp_path / "ltv.db", webhook_env(port, url))
            done = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "bot", "set-webhook"],
                cwd=REPO_ROOT,
                env=bot.env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            assert done.stdout.strip().splitlines() == [
                f"Webhook задан: Telegram присылает обновления на {url}."
            ]
            info = await webhook_info(telegram)
            assert info["url"] == url
            assert {"message", "callback_query"} <= set(info["allowed_updates"])
            await telegram.user(7001).send("/start")
            await telegram.wait_webhook(1)
    finally:
        await runner.cleanup()
    assert seen == [SECRET]
