"""A bare aiogram echo bot, the yardstick beside the LTV bot in ``python -m bench spike``.

``python -m bench.echo_bot`` with ``BOT_TOKEN`` and ``TELEGRAM_API_URL`` in the
environment: aiogram's own ``start_polling``, every text answered with the same text. No
pacing, no retries, no storage: what a bot gets from aiogram alone.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main() -> None:
    """Poll until SIGTERM or SIGINT, echoing every text."""
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=api))
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    await dispatcher.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
