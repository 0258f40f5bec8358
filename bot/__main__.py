"""``python -m bot``: settings → logging → database → bot → dispatcher → long polling."""

from __future__ import annotations

import asyncio
import logging
import sys

from pydantic import ValidationError

from bot.app import create_bot, create_dispatcher, publish_profile
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.rendering import Renderer
from bot.storage import SQLiteEventLog, SQLiteScenarioRepository, SQLiteStorage, open_database
from bot.toolkit_files import ToolkitDocument, ToolkitFiles
from l10n import Texts

log = logging.getLogger("bot")


def _settings_problem(error: ValidationError, texts: Texts) -> str:
    fields = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
    if "bot_token" in fields:
        return texts.msg("startup-no-token")
    return texts.msg("startup-bad-setting", names=", ".join(sorted(f.upper() for f in fields)))


async def run(settings: Settings, texts: Texts) -> None:
    """Open the database, start the render workers and poll until stopped."""
    conn = await open_database(settings.database_path)
    renderer = Renderer()
    toolkit = ToolkitFiles()
    bot = create_bot(settings)
    dispatcher = create_dispatcher(
        SQLiteStorage(conn),
        texts,
        renderer=renderer,
        repo=SQLiteScenarioRepository(conn),
        events=SQLiteEventLog(conn),
        settings=settings,
        toolkit=toolkit,
    )
    background: set[asyncio.Task[None]] = set()

    async def prepare() -> None:
        """Start the workers, then render the toolkit so the first «LTV» waits only for upload."""
        await renderer.warm_up()
        await toolkit.content(ToolkitDocument, renderer)

    async def on_startup() -> None:
        warm = asyncio.create_task(prepare())
        background.add(warm)
        warm.add_done_callback(background.discard)
        try:
            await publish_profile(bot, texts)
        except Exception:
            log.warning("could not publish the command menu and description", exc_info=True)
        me = await bot.me()
        log.info("bot @%s is ready, polling for updates", me.username)

    dispatcher.startup.register(on_startup)
    try:
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        renderer.close()
        await conn.close()
        log.info("stopped")


def main() -> int:
    """Run the bot; exit code 2 with one line when the settings are wrong."""
    texts = Texts.load()
    try:
        settings = Settings()
    except ValidationError as error:
        print(_settings_problem(error, texts), file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.bot_token.get_secret_value())
    asyncio.run(run(settings, texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
