"""Webhook mode: Telegram POSTs each update; it is answered 200 only once it is stored.

A small aiohttp server (aiogram's own webhook handlers answer before the update is
handled or stored, which the durable intake must not do):

- ``POST <path of WEBHOOK_URL>``: the ``X-Telegram-Bot-Api-Secret-Token`` header must be
  ``WEBHOOK_SECRET`` (compared in constant time), else 401 and nothing is read; a body
  that is not a JSON object gets 400; otherwise the update goes through the same durable
  intake as polling (:meth:`bot.delivery.Intake.accept` returns once it is stored) and
  only then is answered 200. A failure to store it answers 500: Telegram delivers it
  again, to this replica or another one.
- ``GET /healthz``: 200 when the database (and Redis, when used) answer, 503 when not or
  while stopping, for the proxy and the container's health check.

:meth:`WebhookServer.stop` closes the port and lets requests in flight finish storing; the
runner then drains the intake as it does after polling.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Final

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiohttp import web

from bot.config import Settings, StartupError
from bot.delivery import Intake
from bot.health import HEALTH_PATH

log = logging.getLogger(__name__)

SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT: Final = 4.0
SHUTDOWN_TIMEOUT: Final = 5.0
MAX_BODY: Final = 1 << 20  # an update is a few kilobytes

Health = Callable[[], Awaitable[object]]


class WebhookServer:
    """Receives updates on ``path`` for ``intake``; answers health checks (module docstring)."""

    def __init__(
        self,
        intake: Intake,
        *,
        path: str,
        secret: str,
        host: str,
        port: int,
        health: Health,
    ) -> None:
        self.intake = intake
        self.path = path
        self.host = host
        self.port = port
        self._secret = secret.encode()
        self._health = health
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.received = 0
        """Updates stored through this server (refused requests not counted)."""

    @classmethod
    def from_settings(cls, intake: Intake, settings: Settings, health: Health) -> WebhookServer:
        """A server on ``WEBHOOK_HOST:WEBHOOK_PORT`` at the path of ``WEBHOOK_URL``."""
        assert settings.webhook_secret is not None, "checked by the settings"
        return cls(
            intake,
            path=settings.webhook_path,
            secret=settings.webhook_secret.get_secret_value(),
            host=settings.webhook_host,
            port=settings.webhook_port,
            health=health,
        )

    def app(self) -> web.Application:
        """The aiohttp application (served by :meth:`start`; tests may serve it themselves)."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.path, self._update)
        app.router.add_get(HEALTH_PATH, self._healthz)
        return app

    async def start(self) -> None:
        """Listen; :class:`StartupError` naming WEBHOOK_HOST/WEBHOOK_PORT if the port is taken."""
        runner = web.AppRunner(
            self.app(), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            log.debug("cannot listen on %s:%d: %s", self.host, self.port, error.strerror)
            raise StartupError("startup-port-busy", host=self.host, port=str(self.port)) from None
        self._runner = runner
        log.info("receiving updates on %s:%d%s", self.host, self.port, self.path)

    async def stop(self) -> None:
        """Refuse new requests, close the port, let requests in flight finish (idempotent)."""
        self._closing = True
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("refused a webhook request without the right secret")
            return web.Response(status=401, text="wrong secret")
        if self._closing:
            return web.Response(status=503, text="stopping")
        try:
            update = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(update, dict):
            return web.Response(status=400, text="not an update")
        try:
            await self.intake.accept([update])
        except Exception as error:  # not stored: Telegram must deliver it again
            log.error(
                "could not store update %s (%s: %s); Telegram will send it again",
                update.get("update_id"),
                type(error).__name__,
                str(error).splitlines()[0] if str(error) else "",
            )
            return web.Response(status=500, text="not stored")
        self.received += 1
        return web.Response(status=200)

    async def _healthz(self, request: web.Request) -> web.Response:
        if self._closing:
            return web.Response(status=503, text="stopping")
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await self._health()
        except Exception as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            log.warning("health check failed: %s", reason)
            return web.Response(status=503, text=f"unhealthy: {type(error).__name__}")
        return web.Response(status=200, text="ok")


async def ensure_webhook(
    bot: Bot, settings: Settings, allowed_updates: list[str], *, force: bool = False
) -> bool:
    """Give Telegram ``WEBHOOK_URL`` and the secret unless it has them already.

    Skipped when getWebhookInfo shows the same URL and update types and no refusal for a
    wrong secret (Telegram never shows the secret; after changing WEBHOOK_SECRET, deliveries
    fail with 401 and the next start sets it again, or run ``python -m bot set-webhook``).
    Returns whether it was set; :class:`StartupError` if Telegram refuses the URL.
    """
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    if not force:
        info = await bot.get_webhook_info()
        refused = "401" in (info.last_error_message or "")
        same_types = sorted(info.allowed_updates or []) == sorted(allowed_updates)
        if info.url == settings.webhook_url and same_types and not refused:
            log.info("the webhook is set already")
            return False
    try:
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=allowed_updates,
            drop_pending_updates=False,
        )
    except TelegramBadRequest as error:
        raise StartupError("startup-webhook-refused", reason=error.message) from None
    log.info("webhook set")
    return True
