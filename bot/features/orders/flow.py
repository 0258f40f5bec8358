"""An orders export's moves: read a file, show its figures, correct a column, calculate from it.

The file is downloaded into memory, read and analysed in the import worker
(:meth:`bot.rendering.Renderer.read_orders`) and dropped; its pictures are drawn by the
chart worker. The session keeps only what it gave (:class:`~bot.session.OrdersFile`:
figures, column names, the file's Telegram id to read it again after a correction).
A calculation the person was in goes on: its question is asked again after the answer.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from typing import Final

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaPhoto
from aiogram.utils.chat_action import ChatActionSender

from bot.features.dialog.flow import ask_again, show_review
from bot.features.orders.callbacks import NO_COLUMN
from bot.features.orders.keyboards import column_choices, columns_keyboard, figures_keyboard
from bot.features.orders.views import (
    calculation_intro,
    choose_column_text,
    fields_to_fix,
    figures_text,
    missing_column_text,
    prefilled_answers,
    suggested_of,
    summary_of,
)
from bot.rendering import OrdersReading, Renderer
from bot.session import Chat, OrdersFile
from core.orders import (
    MAX_BYTES,
    Analysis,
    ColumnMapping,
    Field,
    OrdersError,
    OrdersErrorCode,
    TooLargeKind,
    error_message,
    realized_curve,
)

log = logging.getLogger(__name__)

HEADERS_KEPT: Final = 200
"""Column names kept for a correction at most (an export has a few dozen)."""
HEADER_CHARS: Final = 60
ACTION_SECONDS: Final = 4.0
"""«Sending file…» is said again this often while a long file is read (it shows for 5 s)."""


@dataclass(frozen=True)
class Upload:
    """A file the person sent, as Telegram describes it."""

    file_id: str
    name: str
    size: int | None = None


@dataclass(frozen=True)
class MissingColumn:
    """A file whose buyer, date or amount column was not found by name."""

    mapping: ColumnMapping
    field: Field
    """The field to pick a column for (:meth:`~core.orders.ColumnMapping.missing`)."""
    samples: tuple[tuple[str, ...], ...]
    """A few values of each column, shown beside its name (never kept)."""


def too_large() -> OrdersError:
    """The engine's refusal of a file over the size limit (said before downloading it)."""
    limit = f"{MAX_BYTES // 2**20} МБ"
    return OrdersError(OrdersErrorCode.TOO_LARGE, kind=TooLargeKind.BYTES.value, limit=limit)


async def explain(chat: Chat) -> None:
    """/import: where to get the export and what it should hold; the open question again."""
    await chat.say(chat.msg("orders-import-help"))
    await ask_again(chat)


async def read_file(
    chat: Chat, renderer: Renderer, upload: Upload, chosen: dict[str, int | None]
) -> bool:
    """Read ``upload`` with the columns ``chosen``: its figures and pictures, the columns to
    pick a missing one from, or why not.

    ``False`` when it could not be read (the previous file read stays the latest).
    """
    if upload.size is not None and upload.size > MAX_BYTES:
        await _refuse(chat, error_message(too_large(), chat.texts))
        return False
    await chat.bot.send_chat_action(chat.id, "upload_document")  # at once, however fast
    async with ChatActionSender.upload_document(
        bot=chat.bot, chat_id=chat.id, initial_sleep=ACTION_SECONDS, interval=ACTION_SECONDS
    ):
        reading = await _read(chat, renderer, upload, chosen)
        if isinstance(reading, str):
            await _refuse(chat, reading)
            return False
        if isinstance(reading, MissingColumn):
            await _ask_for_column(chat, upload, chosen, reading)
            return False
        analysis, mapping = reading
        pictures = await _pictures(renderer, analysis)
    if pictures is not None:
        cohorts, curve = pictures
        await chat.bot.send_media_group(
            chat.id,
            [
                InputMediaPhoto(media=BufferedInputFile(cohorts, filename="cohorts.png")),
                InputMediaPhoto(media=BufferedInputFile(curve, filename="ltv-curve.png")),
            ],
        )
    ref = _next_ref(chat)
    fix = fields_to_fix(mapping)
    await chat.say(
        figures_text(chat.texts, analysis, upload.name), figures_keyboard(chat.texts, ref, fix)
    )
    chat.session.read_orders(_kept(upload, ref, chosen, mapping, bool(fix), analysis))
    await ask_again(chat)
    return True


def _next_ref(chat: Chat) -> int:
    """A ref later than any reading's the session knows: their buttons become stale."""
    known = (chat.session.orders, chat.session.unread)
    refs = [orders.ref + 1 for orders in known if orders is not None]
    return max([time.time_ns() // 1_000_000, *refs])


def _kept(
    upload: Upload,
    ref: int,
    chosen: dict[str, int | None],
    mapping: ColumnMapping,
    with_headers: bool,
    analysis: Analysis | None = None,
) -> OrdersFile:
    """What the session keeps of a file: how to fetch it again, the columns it was read
    with, their names only while the person may pick one, and the figures it gave."""
    return OrdersFile(
        ref=ref,
        file_id=upload.file_id,
        name=upload.name,
        size=upload.size,
        chosen=chosen,
        columns={field.value: index for field, index in mapping.columns},
        headers=[h[:HEADER_CHARS] for h in mapping.headers[:HEADERS_KEPT]] if with_headers else [],
        suggested={} if analysis is None else suggested_of(analysis),
        summary={} if analysis is None else summary_of(analysis),
        realized=[] if analysis is None else list(realized_curve(analysis)),
    )


async def _ask_for_column(
    chat: Chat, upload: Upload, chosen: dict[str, int | None], missing: MissingColumn
) -> None:
    """The table's columns as buttons, a few values of each in the text: the one picked
    for the missing field is read with the file again (:func:`column_chosen`)."""
    ref = _next_ref(chat)
    unread = _kept(upload, ref, chosen, missing.mapping, with_headers=True)
    headers, field = unread.headers, missing.field
    choices = column_choices(headers, field, None, unread.columns.values())
    text = missing_column_text(chat.texts, upload.name, field, headers, missing.samples, choices)
    await chat.say(text, columns_keyboard(chat.texts, ref, field, headers, choices, None))
    chat.session.await_column(unread)
    await ask_again(chat)


async def _read(
    chat: Chat, renderer: Renderer, upload: Upload, chosen: dict[str, int | None]
) -> tuple[Analysis, ColumnMapping] | MissingColumn | str:
    """The file's analysis and columns, the column to pick, or the Russian reason it cannot
    give them."""
    try:
        data = await download(chat.bot, upload.file_id)
    except TelegramBadRequest as error:
        if "too big" in error.message:
            return error_message(too_large(), chat.texts)
        log.warning("could not download an orders file: %s", error.message)
        return chat.msg("orders-error-download")
    except (TelegramAPIError, aiohttp.ClientError, TimeoutError) as error:
        log.warning("could not download an orders file: %r", error)
        return chat.msg("orders-error-download")
    try:
        reading: OrdersReading = await renderer.read_orders(data, upload.name, chosen)
    except Exception:
        log.exception("an orders file could not be read")
        return chat.msg("orders-error-failed")
    finally:
        del data  # the file is not kept
    refusal, mapping = reading.error, reading.mapping
    missing = None if mapping is None else mapping.missing()
    if mapping is not None and missing is not None:
        return MissingColumn(mapping, missing, reading.samples)
    if refusal is not None or reading.analysis is None or reading.mapping is None:
        return error_message(refusal or OrdersError(OrdersErrorCode.EMPTY), chat.texts)
    return reading.analysis, reading.mapping


async def download(bot: Bot, file_id: str) -> bytes:
    """The file's bytes, in memory (Telegram lets a bot download up to 20 MB)."""
    buffer = io.BytesIO()
    await bot.download(file_id, destination=buffer)
    return buffer.getvalue()


async def _pictures(renderer: Renderer, analysis: Analysis) -> tuple[bytes, bytes] | None:
    """Both pictures; ``None`` (the figures go without them) if the chart worker failed."""
    try:
        return await renderer.orders_charts(analysis)
    except Exception as error:
        log.warning("the pictures of an orders file could not be drawn: %r", error)
        return None


async def _refuse(chat: Chat, reason: str) -> None:
    """Why the file gives no figures; then the open question, if a calculation is on."""
    await chat.say(reason)
    await ask_again(chat)


async def choose_column(chat: Chat, orders: OrdersFile, field: Field) -> None:
    """«✏️ …»: the columns that may hold ``field``."""
    headers, now = orders.headers, orders.columns.get(field.value)
    choices = column_choices(headers, field, now, orders.columns.values())
    text = choose_column_text(chat.texts, field, headers, now)
    if not choices and now is None:
        text += "\n\n" + chat.msg("orders-choose-nothing")
    await chat.say(text, columns_keyboard(chat.texts, orders.ref, field, headers, choices, now))


async def column_chosen(
    chat: Chat, renderer: Renderer, orders: OrdersFile, field: Field, column: int
) -> None:
    """A column picked for ``field`` (or none): the file read again with it."""
    index = None if column == NO_COLUMN else column
    if index is not None and not 0 <= index < len(orders.headers):
        return  # a forged button
    chosen = {**orders.chosen, field.value: index}
    upload = Upload(orders.file_id, orders.name, orders.size)
    await read_file(chat, renderer, upload, chosen)


async def calculate(chat: Chat, orders: OrdersFile) -> None:
    """«Рассчитать по этим данным»: repeat purchases with the file's figures; margin and CAC
    (and the frequency, when nobody bought twice) are asked."""
    chat.session.calculate_from_file(prefilled_answers(orders), orders)
    await show_review(chat, prefix=calculation_intro(chat.texts, orders))
