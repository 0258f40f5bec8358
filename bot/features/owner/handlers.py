"""The owner's commands — /stats, /leads, /broadcast and their buttons — and consent.

Every handler of :func:`build_router` is behind :class:`~bot.features.owner.filters.IsOwner`
(set on the router, for messages and button presses alike): for anyone else these
commands and buttons do not exist, and they get the answer any unknown command or stale
button gets. :func:`build_consent_router` is everyone's: «Отписаться» under a broadcast,
/stop, and «Вернуть рассылки»; and Telegram's word that a person blocked the bot (they are
unreachable at once) or unblocked it (reachable again at once, on every replica).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter, Command, StateFilter
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.chat_action import ChatActionSender

from bot.delivery import BulkWorker
from bot.features.owner.broadcast import BROADCAST_JOB, copy_broadcast
from bot.features.owner.callbacks import (
    BroadcastAction,
    BroadcastCb,
    ConsentAction,
    ConsentCb,
    Period,
    StatsCb,
)
from bot.features.owner.filters import IsOwner
from bot.features.owner.keyboards import (
    confirm_keyboard,
    draft_keyboard,
    preview_keyboard,
    progress_keyboard,
    resubscribe_keyboard,
    stats_keyboard,
    unsubscribe_keyboard,
)
from bot.features.owner.states import Broadcasting
from bot.features.owner.views import (
    AUTHOR_ZONE,
    confirm_text,
    draft_text,
    leads_caption,
    period_starts,
    stats_text,
)
from bot.rendering import Renderer
from bot.session import Chat
from bot.storage import Reachability
from bot.storage.owner import Audience, Broadcast, BroadcastStatus, BroadcastStore, Reports, Visit
from bot.ui.filters import Magic

ANSWERED_AFTER = {"callback_answer": {"pre": False}}
"""Handler flag: the tap is answered after the handler, which may set the answer's text."""
STARTABLE = (BroadcastStatus.DRAFT, BroadcastStatus.QUEUED)


async def _edit(
    chat: Chat, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Show ``text`` in the message of the pressed button (the same text is no error)."""
    if query.message is None:
        return
    try:
        await chat.bot.edit_message_text(
            text=text, chat_id=chat.id, message_id=query.message.message_id, reply_markup=markup
        )
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


def _kind(message: Message) -> str | None:
    """What a broadcast can be: a text (with its formatting) or one photo with a caption."""
    if message.text is not None:
        return "text"
    if message.photo:
        return "photo"
    return None


# ---------------------------------------------------------------- /stats and /leads


async def stats(_: Message, chat: Chat, reports: Reports) -> None:
    """/stats: the funnel by period, conversions and sources (all time)."""
    funnels = await reports.funnel(period_starts(datetime.now(UTC)))
    markup = stats_keyboard(chat.texts, Period.ALL) if funnels else None
    await chat.say(stats_text(chat.texts, funnels), markup)


async def stats_period(
    query: CallbackQuery, callback_data: StatsCb, chat: Chat, reports: Reports
) -> None:
    """A period button under /stats: the same message for that period."""
    funnels = await reports.funnel(period_starts(datetime.now(UTC)))
    markup = stats_keyboard(chat.texts, callback_data.period) if funnels else None
    await _edit(chat, query, stats_text(chat.texts, funnels, callback_data.period), markup)


async def leads(message: Message, chat: Chat, reports: Reports, renderer: Renderer) -> None:
    """/leads: everyone who wrote, as a spreadsheet."""
    async with ChatActionSender.upload_document(bot=chat.bot, chat_id=chat.id):
        people = await reports.leads()
        if not people:
            await chat.say(chat.msg("leads-empty"))
            return
        content = await renderer.leads_xlsx(people, AUTHOR_ZONE)
        name = chat.msg("leads-file", date=datetime.now(AUTHOR_ZONE).strftime("%Y-%m-%d"))
        caption = leads_caption(
            chat.texts,
            len(people),
            sum(lead.blocked_at is not None for lead in people),
            sum(lead.unsubscribed_at is not None for lead in people),
        )
        await message.answer_document(BufferedInputFile(content, name), caption=caption)


# ---------------------------------------------------------------- writing a broadcast


async def broadcast_command(_: Message, chat: Chat) -> None:
    """/broadcast: ask for the message."""
    await chat.state.set_state(Broadcasting.message)
    await chat.say(chat.msg("broadcast-ask"))


async def cancel_broadcast(_: Message, chat: Chat) -> None:
    """/cancel while the message is awaited."""
    await chat.state.set_state(None)
    chat.session.album = None
    await chat.say(chat.msg("broadcast-cancelled"))


async def broadcast_message(message: Message, chat: Chat, broadcasts: BroadcastStore) -> None:
    """The message to send: kept as a draft, shown as people will get it, with the count."""
    if message.media_group_id is not None:  # an album: one refusal for all its photos
        if chat.session.album != message.media_group_id:
            chat.session.album = message.media_group_id
            await chat.say(chat.msg("broadcast-album"))
        return
    kind = _kind(message)
    if kind is None:
        await chat.say(chat.msg("broadcast-wrong-kind"))
        return
    await chat.state.set_state(None)
    chat.session.album = None
    author = message.from_user.id if message.from_user else chat.id
    broadcast_id = await broadcasts.create(author, chat.id, message.message_id, kind)
    draft = await broadcasts.get(broadcast_id)
    assert draft is not None
    await copy_broadcast(chat.bot, draft, chat.id, preview_keyboard(chat.texts, broadcast_id))
    audience = await broadcasts.audience()
    await chat.say(
        draft_text(chat.texts, audience), draft_keyboard(chat.texts, broadcast_id, audience)
    )


# ---------------------------------------------------------------- the broadcast's panel


async def preview_button(_: CallbackQuery, chat: Chat, callback_answer: CallbackAnswer) -> None:
    """«Отписаться» under the author's preview: explains itself."""
    callback_answer.text = chat.msg("broadcast-preview-alert")
    callback_answer.show_alert = True


def _draft(broadcast: Broadcast) -> bool:
    return broadcast.status is BroadcastStatus.DRAFT


def _startable(broadcast: Broadcast) -> bool:
    """A draft, or queued and not yet claimed by a job."""
    return broadcast.status in STARTABLE and not broadcast.runner_job


def _stale(chat: Chat, callback_answer: CallbackAnswer) -> None:
    """Answer the tap: this broadcast is already sent or cancelled."""
    callback_answer.text = chat.msg("broadcast-stale")


async def _pressed(
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    callback_answer: CallbackAnswer,
    usable: Callable[[Broadcast], bool] = lambda _: True,
) -> Broadcast | None:
    """The broadcast of the pressed button if it is still there and ``usable``; else
    ``None``, the tap answered as stale."""
    broadcast = await broadcasts.get(callback_data.id)
    if broadcast is None or not usable(broadcast):
        _stale(chat, callback_answer)
        return None
    return broadcast


async def test_send(
    _: CallbackQuery,
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    callback_answer: CallbackAnswer,
) -> None:
    """«Тест себе»: a copy as people will get it, «Отписаться» working."""
    broadcast = await _pressed(callback_data, chat, broadcasts, callback_answer)
    if broadcast is None:
        return
    callback_answer.text = chat.msg("broadcast-test-sent")
    await copy_broadcast(chat.bot, broadcast, chat.id, unsubscribe_keyboard(chat.texts))


async def confirm_or_back(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    callback_answer: CallbackAnswer,
) -> None:
    """«Отправить»: the question before sending; «Назад»: the draft's panel again."""
    broadcast = await _pressed(callback_data, chat, broadcasts, callback_answer, _draft)
    if broadcast is None:
        return
    audience = await broadcasts.audience()
    if callback_data.action is BroadcastAction.SEND and audience:
        markup = confirm_keyboard(chat.texts, broadcast.id)
        await _edit(chat, query, confirm_text(chat.texts, audience), markup)
    else:
        markup = draft_keyboard(chat.texts, broadcast.id, audience)
        await _edit(chat, query, draft_text(chat.texts, audience), markup)


async def send_to_everyone(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    jobs: BulkWorker,
    callback_answer: CallbackAnswer,
) -> None:
    """«Да, отправить»: queued, then its job (a job submitted twice does nothing twice)."""
    broadcast = await _pressed(callback_data, chat, broadcasts, callback_answer, _startable)
    if broadcast is None:
        return
    panel = query.message.message_id if query.message is not None else None
    await broadcasts.move(broadcast.id, BroadcastStatus.QUEUED, STARTABLE, panel_id=panel)
    await jobs.submit(BROADCAST_JOB, broadcast.author_id, {"broadcast": broadcast.id})
    markup = progress_keyboard(chat.texts, broadcast.id)
    await _edit(chat, query, chat.msg("broadcast-starting"), markup)


async def discard(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    callback_answer: CallbackAnswer,
) -> None:
    """«Удалить черновик»."""
    drafts = (BroadcastStatus.DRAFT,)
    if not await broadcasts.move(callback_data.id, BroadcastStatus.DISCARDED, drafts):
        _stale(chat, callback_answer)
        return
    await _edit(chat, query, chat.msg("broadcast-discarded"), None)


async def stop(
    _: CallbackQuery,
    callback_data: BroadcastCb,
    chat: Chat,
    broadcasts: BroadcastStore,
    callback_answer: CallbackAnswer,
) -> None:
    """«Остановить»: the job sees it within a second and reports."""
    sending = (BroadcastStatus.QUEUED, BroadcastStatus.SENDING)
    if await broadcasts.move(callback_data.id, BroadcastStatus.CANCELLED, sending):
        callback_answer.text = chat.msg("broadcast-stopping")
    else:
        _stale(chat, callback_answer)


def build_router() -> Router:
    """The owner's handlers; a fresh router for every dispatcher, owners only."""
    router = Router(name="owner")
    router.message.filter(IsOwner())
    router.callback_query.filter(IsOwner())
    router.message.register(stats, Command("stats"))
    router.callback_query.register(stats_period, StatsCb.filter())
    router.message.register(leads, Command("leads"))
    router.message.register(broadcast_command, Command("broadcast"))
    router.message.register(cancel_broadcast, Command("cancel"), StateFilter(Broadcasting.message))
    router.message.register(
        broadcast_message, StateFilter(Broadcasting.message), Magic(~F.text.startswith("/"))
    )

    def button(handler: Callable[..., Awaitable[None]], *actions: BroadcastAction) -> None:
        router.callback_query.register(
            handler, BroadcastCb.filter(F.action.in_(set(actions))), flags=ANSWERED_AFTER
        )

    button(preview_button, BroadcastAction.PREVIEW)
    button(test_send, BroadcastAction.TEST)
    button(confirm_or_back, BroadcastAction.SEND, BroadcastAction.BACK)
    button(send_to_everyone, BroadcastAction.CONFIRM)
    button(discard, BroadcastAction.DISCARD)
    button(stop, BroadcastAction.STOP)
    return router


# ---------------------------------------------------------------- consent and reach, for everyone


async def unsubscribe(_: Message | CallbackQuery, chat: Chat, audience: Audience) -> None:
    """«Отписаться» or /stop: no more broadcasts, and said so."""
    await audience.subscribe(chat.id, subscribed=False)
    await chat.say(chat.msg("unsubscribed"), resubscribe_keyboard(chat.texts))


async def resubscribe(_: CallbackQuery, chat: Chat, audience: Audience) -> None:
    """«Вернуть рассылки»."""
    await audience.subscribe(chat.id, subscribed=True)
    await chat.say(chat.msg("resubscribed"))


async def blocked_the_bot(event: ChatMemberUpdated, reach: Reachability) -> None:
    """Telegram says the person blocked the bot: unreachable now, before any send fails."""
    await reach.mark_unreachable(event.from_user.id)


async def unblocked_the_bot(event: ChatMemberUpdated, audience: Audience) -> None:
    """Telegram says the person unblocked the bot: reachable again now, whichever replica
    found them unreachable (this one may have them as seen a moment ago)."""
    user = event.from_user
    await audience.touch(Visit(user.id, user.full_name, user.username))


def build_consent_router() -> Router:
    """«Отписаться», /stop and «Вернуть рассылки»; blocking and unblocking the bot.
    Everyone's, in any state."""
    router = Router(name="consent")
    router.message.register(unsubscribe, Command("stop"))
    router.callback_query.register(unsubscribe, ConsentCb.filter(F.action == ConsentAction.OFF))
    router.callback_query.register(resubscribe, ConsentCb.filter(F.action == ConsentAction.ON))
    router.my_chat_member.filter(Magic(F.chat.type == ChatType.PRIVATE))
    router.my_chat_member.register(blocked_the_bot, ChatMemberUpdatedFilter(KICKED))
    router.my_chat_member.register(unblocked_the_bot, ChatMemberUpdatedFilter(MEMBER))
    return router
