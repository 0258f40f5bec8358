"""The owner's texts and files: /stats on a phone, the leads sheet, sources, OWNER_IDS."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from bot.config import Settings
from bot.features.owner.callbacks import Period
from bot.features.owner.sources import source_of, source_of_message, start_payload
from bot.features.owner.views import AUTHOR_ZONE, BAR_CELLS, bar, period_starts, stats_text
from bot.features.toolkit.filters import is_toolkit_payload
from bot.storage.owner import DIRECT, FUNNEL, SourceFunnel
from bot.storage.scenarios import EventKind
from core.documents.leads import leads_xlsx
from core.leads import Lead
from l10n import Texts
from tests.e2e.telegram_html import parse_html, strip, utf16_len

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("/start ltv", "ltv"),
        ("/start LTV_VK", "vk"),
        ("/start ltv_webinar-3", "webinar-3"),
        ("/start ltv_", "ltv"),
        ("/start promo", "promo"),
        ("/start@ltv_test_bot promo", "promo"),
        ("/start", None),
        ("/start two words", None),
        ("/start <b>", None),
        ("/start " + "a" * 65, None),
        ("LTV", None),
        ("/help promo", None),
    ],
)
def test_the_source_a_message_records(text: str, source: str | None) -> None:
    assert source_of_message(text) == source


def test_only_the_kit_links_send_the_kit() -> None:
    assert is_toolkit_payload("ltv") and is_toolkit_payload("LTV_vk")
    assert not is_toolkit_payload("ltvx") and not is_toolkit_payload("promo")
    assert not is_toolkit_payload("ltv_ bad")
    assert start_payload("/start") is None
    assert source_of(None) is None


def test_owner_ids_come_as_a_list_of_numbers() -> None:
    def settings(value: str) -> Settings:
        return Settings.model_validate({"bot_token": TOKEN, "owner_ids": value})

    assert settings("12, 34").owner_ids == {12, 34}
    assert settings("").owner_ids == frozenset()
    assert Settings.model_validate({"bot_token": TOKEN}).owner_ids == frozenset()
    for wrong in ("abc", "-5", "0"):
        with pytest.raises(ValidationError):
            settings(wrong)


def test_today_begins_at_the_authors_midnight() -> None:
    late = datetime(2025, 3, 10, 22, 30, tzinfo=UTC)  # 01:30 on the 11th in Moscow
    today, week = period_starts(late)
    assert today == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    assert today - week == timedelta(days=6)


def funnel(source: str | None, came: int) -> SourceFunnel:
    steps: dict[EventKind, tuple[int, ...]] = {
        kind: (came // 2, came // 2, came - n) for n, kind in enumerate(FUNNEL)
    }
    return SourceFunnel(source, (came // 3, came // 2, came), steps)


def test_stats_read_on_a_phone_and_fit_one_message() -> None:
    texts = Texts.load()
    sources = [funnel(f"source-{n:02d}-{'x' * 40}", 1000 + n) for n in range(60)]
    sources += [funnel(None, 5), funnel(DIRECT, 3)]
    for period in Period:
        text = stats_text(texts, sources, period)
        shown = strip(parse_html(text))
        assert utf16_len(shown.text) <= 4096
        for block in text.split("<pre>")[1:]:  # the table and the funnel
            lines = block.split("</pre>")[0].splitlines()
            assert max(len(line) for line in lines) <= 36
        assert "…и ещё" in text
    assert stats_text(texts, []) == texts.msg("stats-empty")


def test_the_funnel_draws_each_step_as_a_share_of_those_who_came() -> None:
    steps: dict[EventKind, tuple[int, ...]] = {
        EventKind.TOOLKIT: (1, 105, 200),
        EventKind.CALCULATION_STARTED: (0, 52, 90),
        EventKind.CALCULATION: (0, 44, 80),
        EventKind.SCENARIO_SAVED: (0, 14, 20),
        EventKind.PERSONAL_CHECKLIST: (0, 11, 20),
        EventKind.BLOCKED: (0, 4, 9),
    }
    vk = SourceFunnel("vk", (1, 120, 300), steps)  # today, 7 days, all time
    texts = Texts.load()
    text = stats_text(texts, [vk], Period.WEEK)  # the second column
    assert "<b>Конверсия</b> · 7 дней" in text
    funnel = text.split("<pre>")[2].split("</pre>")[0].splitlines()
    assert funnel == [
        "Пришли        120      ████████",
        "Взяли набор   105 88\xa0% ███████",
        "Начали расчёт  52 50\xa0% ███▌",
        "Получили итог  44 85\xa0% ██▉",
        "Сохранили      14 32\xa0% ▉",
        "Чек-лист       11 25\xa0% ▊",
        "Заблокировали   4  3\xa0% ▎",
    ]
    today = stats_text(texts, [vk], Period.TODAY).split("<pre>")[2].split("</pre>")[0]
    assert today.splitlines()[2:4] == ["Начали расчёт 0   0\xa0%", "Получили итог 0     —"]


def test_a_bar_is_drawn_to_an_eighth_and_anyone_at_all_shows() -> None:
    assert bar(10, 10) == "█" * BAR_CELLS
    assert bar(9, 16) == "████▌"  # 36 eighths of 64
    assert bar(1, 10_000) == "▏"
    assert bar(0, 10) == bar(3, 0) == ""


def test_a_source_name_is_escaped() -> None:
    text = stats_text(Texts.load(), [funnel("<b>", 3)])
    assert "&lt;b&gt;" in text
    parse_html(text)


def test_the_leads_sheet_keeps_what_people_typed_as_text() -> None:
    moment = datetime(2025, 1, 2, 21, 30, tzinfo=UTC)
    leads = [
        Lead(1, "anna", "=1+1", moment, "vk", moment, 2, 2.345, 1, moment, None, None),
        Lead(2, None, "Бо\x00рис\x1f", moment, None, None, 1, None, 0, moment, moment, moment),
        Lead(3, None, None, moment, DIRECT, None, 0, None, 0, moment, None, None),
    ]
    data = leads_xlsx(Texts.load(), leads, AUTHOR_ZONE)
    assert data == leads_xlsx(Texts.load(), leads, AUTHOR_ZONE), "deterministic"
    sheet = load_workbook(io.BytesIO(data)).active
    anna, boris, vera = list(sheet.iter_rows(min_row=2, values_only=True))
    assert anna[:5] == (1, "@anna", "=1+1", datetime(2025, 1, 3, 0, 30), "vk")
    assert anna[5:10] == (datetime(2025, 1, 3, 0, 30), 2, 2.35, 1, datetime(2025, 1, 3, 0, 30))
    assert anna[10:] == ("доступен", "получает")
    assert sheet["C2"].data_type == "s"
    assert boris[2] == "Борис"
    assert boris[4] == "до учёта источников"
    assert boris[7] == "—"
    assert boris[10:] == ("заблокировал бота 03.01.2025", "отписался 03.01.2025")
    assert vera[2] is None and vera[7] is None
