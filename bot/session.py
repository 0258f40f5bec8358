"""A person's session: everything their dialog keeps between updates, typed.

:class:`Session` is loaded from the FSM data once per update and saved once, after the
handler, when it changed (:class:`~bot.middlewares.session.SessionMiddleware`); the FSM
*state* (which question is open) stays aiogram's, so its filters work as documented.
Fields unknown to this version are dropped and malformed ones reset on load, so an old
stored dialog still loads after an upgrade (at worst as a fresh start, said to nobody's
loss: the latest result is kept whenever it is readable).

:class:`Chat` is what a handler acts on: the bot, the chat, the state, the session and
the texts, instead of threading ``(bot, chat_id, state, texts)`` through every helper.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.ui.screens import retire_buttons
from l10n import Texts

log = logging.getLogger(__name__)

Answer = float | str | None


class Saving(BaseModel):
    """A result being named to be saved as a scenario."""

    inputs: dict[str, Any]
    name: str | None = None  # the suggested name


class OrdersFile(BaseModel):
    """An orders export sent: where to fetch it again and what it gave (nothing while a
    missing column is to be picked).

    No customer data: the file itself stays with Telegram (``file_id``, to read it again
    after a column is corrected); only the figures it gave are kept.
    """

    ref: int
    """Names this reading in its buttons, so the buttons of an older one are stale."""
    file_id: str
    name: str
    """The file's name as sent."""
    size: int | None = None
    chosen: dict[str, int | None] = Field(default_factory=dict)
    """Columns the person picked: field → column index (``None``: not read)."""
    columns: dict[str, int] = Field(default_factory=dict)
    """The column each field was read from."""
    headers: list[str] = Field(default_factory=list)
    """The file's column names, kept only while the person may correct a column."""
    suggested: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """The repeat-purchase inputs it gives: field → value, source, basis, clamped."""
    summary: dict[str, Any] = Field(default_factory=dict)
    """A few figures: buyers, purchases, revenue, currency, the day they are taken on."""
    realized: list[float] = Field(default_factory=list)
    """Revenue per buyer by the end of month 1, 2, … since the first purchase."""


class Session(BaseModel):
    """What a person's dialog keeps (JSON in the FSM data)."""

    model_config = ConfigDict(extra="ignore")

    answers: dict[str, Answer] = Field(default_factory=dict)
    """The calculation's answers so far: field name → number, model, or None (skipped)."""
    editing: bool = False
    """An answer is being changed from the review screen: go back there after it."""
    question: int | None = None
    """The message whose buttons are live (a question, the review, a naming prompt)."""
    hinted: int | None = None
    """The live question that shows its hint already (a second «Не знаю» adds nothing)."""
    total: float | None = None
    """The first figure of an answer being worked out (a period's revenue, a month's spend)."""
    last: dict[str, Any] | None = None
    """Inputs of the latest result, kept across calculations."""
    ref: int | None = None
    """Names the latest result in its buttons, so an older result's buttons are stale."""
    origin: int | None = None
    """The saved scenario whose answers are being changed (a new version is saved)."""
    saving: Saving | None = None
    renaming: int | None = None
    orders: OrdersFile | None = None
    """The latest orders export read, kept until the next one."""
    unread: OrdersFile | None = None
    """A file whose buyer, date or amount column the person is to pick (no figures yet)."""
    source: str | None = None
    """The file the calculation's answers came from, then its result's (a scenario's name)."""
    realized: list[float] = Field(default_factory=list)
    """That file's revenue per buyer by month: drawn beside the model on its result's chart."""
    album: str | None = None
    """An album refused as a broadcast (an owner's): its other photos are not refused again."""

    @classmethod
    def load(cls, data: dict[str, Any]) -> Session:
        """The session in ``data``; what cannot be read is dropped, the latest result kept."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            log.warning("a stored session could not be read (%s); starting afresh", error)
            last = data.get("last")
            return cls(last=last if isinstance(last, dict) else None)

    def dump(self) -> dict[str, Any]:
        """The JSON-safe form stored in the FSM data (defaults left out)."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def start_calculation(self) -> None:
        """A new calculation: no answers yet; the latest result stays."""
        self.answers, self.editing, self.origin, self.total = {}, False, None, None
        self.saving = self.renaming = None
        self.source, self.realized = None, []

    def leave(self) -> None:
        """Out of any dialog; only the latest result stays."""
        self.start_calculation()
        self.question = self.hinted = None

    def show_result(self, inputs: dict[str, Any], ref: int) -> None:
        """A new latest result; the calculation is over (the file it came from is kept)."""
        source, realized = self.source, self.realized
        self.leave()
        self.last, self.ref, self.source, self.realized = inputs, ref, source, realized

    def read_orders(self, orders: OrdersFile) -> None:
        """A new orders export read; the dialog, if any, goes on."""
        self.orders, self.unread = orders, None

    def await_column(self, unread: OrdersFile) -> None:
        """A file that needs a column picked before it is read; the latest reading stays."""
        self.unread = unread

    def calculate_from_file(self, answers: dict[str, Answer], orders: OrdersFile) -> None:
        """A new calculation with ``answers`` taken from the file ``orders``."""
        self.start_calculation()
        self.answers, self.source, self.realized = answers, orders.name, orders.realized


@dataclass
class Chat:
    """One person's private chat while one of their updates is handled."""

    bot: Bot
    id: int
    state: FSMContext
    session: Session
    texts: Texts

    def msg(self, key: str, **args: Any) -> str:
        """A text from ``locales/``."""
        return self.texts.msg(key, **args)

    async def say(self, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
        """Send a message to this chat."""
        return await self.bot.send_message(self.id, text, reply_markup=markup)

    async def screen(self, text: str, markup: InlineKeyboardMarkup) -> Message:
        """Send a screen whose buttons become the live ones; the previous ones retire after.

        In that order, a screen that cannot be delivered leaves the previous one working.
        """
        sent = await self.say(text, markup)
        await retire_buttons(self.bot, self.id, self.session.question)
        self.session.question = sent.message_id
        return sent

    async def retire(self) -> None:
        """Retire the live buttons (the screen they were on was answered or left)."""
        await retire_buttons(self.bot, self.id, self.session.question)
        self.session.question = None
