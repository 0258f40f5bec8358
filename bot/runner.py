"""One bot process: the database, the outgoing path, the intake, the bulk worker, polling.

Start: the schema is migrated, the command menu published, the render workers warmed up;
updates a previous run stored but did not finish are handled first, pending bulk jobs
resume, then polling begins. Stop (SIGTERM, SIGINT): polling ends at once (nothing new
is confirmed to Telegram), updates in flight get ``shutdown_grace`` seconds to finish,
then whatever is left stays stored for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiogram import Bot

from bot.app import command_menu, create_bot, create_dispatcher, publish_profile
from bot.config import Settings
from bot.delivery import BulkWorker, Delivery, Intake, LocalBudget, poll
from bot.features.owner.broadcast import BROADCAST_JOB, broadcast_job
from bot.features.owner.tracking import OwnerMenu, Visits
from bot.features.toolkit.files import ToolkitDocument, ToolkitFiles
from bot.features.toolkit.kit import KIT_JOB, kit_job
from bot.rendering import Renderer
from bot.storage import SQLiteEventLog, SQLiteScenarioRepository, SQLiteStorage, open_database
from bot.storage.delivery import SQLiteInbox, SQLiteJobQueue, SQLiteReachability
from bot.storage.owner import SQLiteAudience, SQLiteBroadcasts, SQLiteReports
from l10n import Texts

log = logging.getLogger("bot")


async def _announce(bot: Bot, texts: Texts, owner_menu: OwnerMenu) -> None:
    try:
        await publish_profile(bot, texts)
    except Exception:
        log.warning("could not publish the command menu and description", exc_info=True)
    await owner_menu.publish(bot)


async def _prepare(renderer: Renderer, toolkit: ToolkitFiles) -> None:
    """Render the toolkit (in a worker that exits after) so the first «LTV» waits only for
    its upload, and warm up the chart worker."""
    async with toolkit.lock, Renderer.temporary() as once:  # a kit asked for meanwhile waits
        await toolkit.content(ToolkitDocument, once)
    await renderer.warm_up()


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)


async def run(settings: Settings, texts: Texts) -> None:
    """Serve until a stop signal, then stop gracefully (see the module docstring)."""
    conn = await open_database(settings.database_path)
    renderer = Renderer(settings.render_workers)
    toolkit = ToolkitFiles()
    reach = SQLiteReachability(conn)
    visits = Visits()

    async def unreachable(user_id: int) -> None:
        visits.forget(user_id)  # their next message marks them reachable again at once
        await reach.mark_unreachable(user_id)

    budget = LocalBudget(settings.telegram_rate, chat_rate=settings.telegram_chat_rate)
    bot = create_bot(settings, Delivery(budget, on_unreachable=unreachable))
    broadcasts = SQLiteBroadcasts(conn)
    jobs = BulkWorker(
        SQLiteJobQueue(conn),
        {
            KIT_JOB: kit_job(bot, texts, renderer, toolkit),
            BROADCAST_JOB: broadcast_job(bot, texts, broadcasts),
        },
    )
    owner_menu = OwnerMenu(settings.owner_ids, command_menu(texts, owner=True))
    dispatcher = create_dispatcher(
        SQLiteStorage(conn),
        texts,
        visits,
        renderer=renderer,
        repo=SQLiteScenarioRepository(conn),
        events=SQLiteEventLog(conn),
        settings=settings,
        toolkit=toolkit,
        jobs=jobs,
        audience=SQLiteAudience(conn),
        reports=SQLiteReports(conn, kit_job=KIT_JOB),
        broadcasts=broadcasts,
        owner_menu=owner_menu,
    )
    inbox = SQLiteInbox(conn)
    intake = Intake(dispatcher, bot, inbox)
    stop = asyncio.Event()
    _stop_on_signals(stop)
    background: list[asyncio.Task[None]] = []
    try:
        await inbox.purge()
        background.append(asyncio.create_task(_prepare(renderer, toolkit)))
        me = await bot.me()
        await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)
        background.append(asyncio.create_task(jobs.run()))
        await intake.resume()
        allowed = dispatcher.resolve_used_update_types()
        poller = asyncio.create_task(poll(bot, intake, stop, allowed))
        background += [poller, asyncio.create_task(_announce(bot, texts, owner_menu))]
        log.info("bot @%s is ready, polling for updates", me.username)
        await stop.wait()
        log.info("stopping: no new updates; %d in flight", intake.in_flight())
        poller.cancel()
        await intake.drain(settings.shutdown_grace)
        await jobs.stop(settings.shutdown_grace)
        await dispatcher.emit_shutdown(bot=bot, **dispatcher.workflow_data)
    finally:
        for task in background:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*background, return_exceptions=True)
        renderer.close()
        await bot.session.close()
        await conn.close()
        log.info("stopped")
