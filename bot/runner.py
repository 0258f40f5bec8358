"""One bot process: the storage, the outgoing path, the intake, the bulk worker, and updates
taken by polling (``BOT_MODE=polling``, the default) or by webhook (``BOT_MODE=webhook``).

Start: the storage is opened (:func:`bot.storage.open_backend`: the schema migrated), the
token checked, the command menu published, the toolkit rendered; updates stored
but not finished before are handled first, pending bulk jobs resume, then updates are
taken: polling (after deleteWebhook), or a webhook server (the webhook set with Telegram
unless it is already). With replicas (PostgreSQL), what a stopped or dead replica left is
taken over as its leases run out. Stop (SIGTERM, SIGINT): polling ends or the server
closes at once (nothing new is confirmed to Telegram), updates in flight get
``shutdown_grace`` seconds to finish, then whatever is left stays stored for the next
start (or another replica).

A start that cannot succeed raises :class:`bot.config.StartupError` (one line naming the
setting); everything opened so far is closed first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Final
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import GetMe
from aiogram.types import User

from bot import heap
from bot.app import command_menu, create_bot, create_dispatcher, publish_profile
from bot.config import Settings, StartupError
from bot.delivery import BulkWorker, Delivery, Intake, LocalBudget, RateBudget, poll
from bot.features.owner.broadcast import BROADCAST_JOB, broadcast_job
from bot.features.owner.tracking import OwnerMenu, Visits
from bot.features.toolkit.files import ToolkitDocument, ToolkitFiles
from bot.features.toolkit.kit import KIT_JOB, kit_job
from bot.rendering import Renderer
from bot.storage import Backend, open_backend
from bot.webhook import WebhookServer, ensure_webhook
from l10n import Texts

log = logging.getLogger("bot")

TOKEN_CHECKS: Final = (0.0, 1.0, 3.0)
"""Delays before each try of the first getMe; then Telegram counts as unreachable."""
TOKEN_CHECK_TIMEOUT: Final = 10


async def _announce(bot: Bot, texts: Texts, owner_menu: OwnerMenu) -> None:
    try:
        await publish_profile(bot, texts)
    except Exception as error:
        log.warning("could not publish the command menu and description: %s", error)
    await owner_menu.publish(bot)


async def _prepare(toolkit: ToolkitFiles) -> None:
    """Render the toolkit (in a worker that exits after) so the first «LTV» waits only for
    its upload."""
    async with toolkit.lock, Renderer.temporary() as once:  # a kit asked for meanwhile waits
        await toolkit.content(ToolkitDocument, once)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)


def plain_bot(settings: Settings) -> Bot:
    """A bot without the delivery's pacing and retries, for one-off calls (checks, commands)."""
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(token=settings.bot_token.get_secret_value(), session=session)


async def check_token(bot: Bot, settings: Settings) -> User:
    """The bot's own user: the token works and Telegram answers, or :class:`StartupError`.

    Asked a few times only, past the session's middlewares (the delivery retries without
    end), on the session the bot keeps: its connection serves what follows, and no second
    session has to close (aiogram waits 0.25 s after closing one).
    """
    where = urlsplit(settings.telegram_api_url or "https://api.telegram.org").netloc
    for delay in TOKEN_CHECKS:
        await asyncio.sleep(delay)
        try:
            return await bot.session.make_request(bot, GetMe(), timeout=TOKEN_CHECK_TIMEOUT)
        except TelegramUnauthorizedError:
            raise StartupError("startup-token-refused") from None
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as error:
            log.debug("Telegram does not answer yet: %s", type(error).__name__)
    raise StartupError("startup-telegram-unreachable", where=where)


def _budget(settings: Settings, backend: Backend) -> RateBudget:
    if backend.redis is not None:
        from bot.delivery.redis_budget import RedisBudget  # loaded with Redis only

        token = settings.bot_token.get_secret_value()
        return RedisBudget(
            backend.redis, token, settings.telegram_rate, chat_rate=settings.telegram_chat_rate
        )
    return LocalBudget(settings.telegram_rate, chat_rate=settings.telegram_chat_rate)


async def _take_over(intake: Intake, jobs: BulkWorker) -> None:
    """Now and then, take over what stopped or dead replicas left (their leases ran out)."""
    from bot.storage.postgres.delivery import LEASE  # replicas share PostgreSQL only

    while True:
        await asyncio.sleep(LEASE.total_seconds() / 2)
        try:
            await intake.resume()
        except Exception as error:
            log.warning("could not look for updates left by other replicas: %s", error)
        jobs.wake()


async def run(settings: Settings, texts: Texts) -> None:
    """Serve until a stop signal, then stop gracefully (see the module docstring)."""
    backend = await open_backend(settings)
    visits = Visits()

    async def unreachable(user_id: int) -> None:
        visits.forget(user_id)  # their next message marks them reachable again at once
        await backend.reach.mark_unreachable(user_id)

    bot = create_bot(settings, Delivery(_budget(settings, backend), on_unreachable=unreachable))
    try:
        me = await check_token(bot, settings)
    except BaseException:
        await bot.session.close()
        await backend.close()
        raise
    renderer = Renderer(settings.render_workers)
    toolkit = ToolkitFiles()
    owner_menu = OwnerMenu(settings.owner_ids, command_menu(texts, owner=True))
    handlers = {
        KIT_JOB: kit_job(bot, texts, renderer, toolkit),
        BROADCAST_JOB: broadcast_job(bot, texts, backend.broadcasts),
    }
    jobs = BulkWorker(backend.jobs, handlers)
    dispatcher = create_dispatcher(
        backend.fsm,
        texts,
        visits,
        events_isolation=backend.isolation,
        renderer=renderer,
        repo=backend.repo,
        events=backend.events,
        settings=settings,
        toolkit=toolkit,
        jobs=jobs,
        audience=backend.audience,
        reach=backend.reach,
        reports=backend.reports,
        broadcasts=backend.broadcasts,
        owner_menu=owner_menu,
    )
    intake = Intake(dispatcher, bot, backend.inbox)
    stop = asyncio.Event()
    _stop_on_signals(stop)
    background: list[asyncio.Task[None]] = []
    server: WebhookServer | None = None
    polling: asyncio.Task[None] | None = None
    try:
        await backend.inbox.purge()
        background.append(asyncio.create_task(_prepare(toolkit)))
        await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)
        background.append(asyncio.create_task(jobs.run()))
        allowed = dispatcher.resolve_used_update_types()
        heap.settle()
        if settings.bot_mode == "webhook":
            server = WebhookServer.from_settings(intake, settings, backend.ping)
            await server.start()
            await intake.resume()
            await ensure_webhook(bot, settings, allowed)
            if backend.shared:
                background.append(asyncio.create_task(_take_over(intake, jobs)))
            log.info("bot @%s is ready, taking updates by webhook", me.username)
        else:
            await bot.delete_webhook(drop_pending_updates=False)
            await intake.resume()
            polling = asyncio.create_task(poll(bot, intake, stop, allowed))
            background.append(polling)
            log.info("bot @%s is ready, polling for updates", me.username)
        background.append(asyncio.create_task(_announce(bot, texts, owner_menu)))
        await stop.wait()
        log.info("stopping: no new updates; %d in flight", intake.in_flight())
        if server is not None:
            await server.stop()
        if polling is not None:
            polling.cancel()
        await intake.drain(settings.shutdown_grace)
        await jobs.stop(settings.shutdown_grace)
        await dispatcher.emit_shutdown(bot=bot, **dispatcher.workflow_data)
    finally:
        if server is not None:
            await server.stop()
        for task in background:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*background, return_exceptions=True)
        renderer.close()
        await bot.session.close()
        await backend.close()
    log.info("stopped")


async def set_webhook(settings: Settings, texts: Texts) -> None:
    """``python -m bot set-webhook``: give Telegram the URL, the secret and the update types."""
    if settings.webhook_url is None or settings.webhook_secret is None:
        missing = [
            name
            for name, value in (
                ("WEBHOOK_URL", settings.webhook_url),
                ("WEBHOOK_SECRET", settings.webhook_secret),
            )
            if value is None
        ]
        raise StartupError("startup-webhook-incomplete", names=", ".join(missing))
    allowed = create_dispatcher(MemoryStorage(), texts).resolve_used_update_types()
    bot = plain_bot(settings)
    try:
        await check_token(bot, settings)
        await ensure_webhook(bot, settings, allowed, force=True)
    finally:
        await bot.session.close()
