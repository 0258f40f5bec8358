"""Scenario names: normalised, refused when they show nothing or are too long, suggested
unique, counted and cut by the characters a person sees."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.graphemes import graphemes, length, visible
from core.models import Inputs
from core.scenarios import (
    MAX_NAME_LENGTH,
    button_name,
    name_problem,
    normalise_name,
    numbered,
    storable,
    suggest_file_name,
    suggest_name,
)
from l10n import Texts
from tests.builders import purchases, subscription

NBSP = "\u00a0"
WHEN = datetime(2026, 11, 22, 22, 0, tzinfo=UTC)  # already the 23rd in Moscow
TEXTS = Texts.load()

# Names people type, with the characters that show nothing or join others.
name_text = st.text(
    st.sampled_from(
        [
            *"Клуб курс 3",
            *(NBSP, "\n", "\t", "/", "(", ")", "2", "…"),
            *("👍", "🏽", "\u200d", "👩", "💻", "🇷", "🇺", "\ufe0f", "\u0301"),
            *("\u200b", "\u2800", "\u3164", "\u202e", "\x00", "\U000e0041"),
        ]
    ),
    max_size=150,
)


def test_a_typed_name_is_kept_as_it_reads() -> None:
    assert normalise_name("  Клуб\n по\tподписке  ") == "Клуб по подписке"
    assert normalise_name(f"3{NBSP}000 ₽") == f"3{NBSP}000 ₽"
    assert normalise_name("Клуб\u202e\x00 שלום") == "Клуб שלום"  # no overrides, no NUL
    assert normalise_name("👩\u200d💻 Курс") == "👩\u200d💻 Курс"  # emoji joiners kept
    assert normalise_name("\u200bКлуб\u2800") == "Клуб", "nothing invisible at the ends"
    assert normalise_name("❤️ Клуб") == "❤️ Клуб", "an emoji keeps its variation selector"


def test_names_are_refused_not_cut() -> None:
    assert name_problem(TEXTS, "x" * MAX_NAME_LENGTH) is None
    assert name_problem(TEXTS, "x" * (MAX_NAME_LENGTH + 1)) == TEXTS.msg(
        "scenario-name-too-long", length=65, max=MAX_NAME_LENGTH
    )
    assert name_problem(TEXTS, "") == TEXTS.msg("scenario-name-empty")
    assert name_problem(TEXTS, "/start") == TEXTS.msg("scenario-name-command")
    assert name_problem(TEXTS, "🎓 שלום") is None


def test_length_is_counted_as_a_person_sees_it() -> None:
    thumbs = "👍🏽" * MAX_NAME_LENGTH  # 128 code points, 64 characters
    assert name_problem(TEXTS, normalise_name(thumbs)) is None
    assert storable(thumbs)
    assert name_problem(TEXTS, "👍🏽" * (MAX_NAME_LENGTH + 1)) == TEXTS.msg(
        "scenario-name-too-long", length=65, max=MAX_NAME_LENGTH
    )
    assert numbered(thumbs, {thumbs}).endswith("👍🏽… (2)"), "never half an emoji"


@pytest.mark.parametrize(
    "name",
    ["가" + "\u1160" * 1100 + "나", "a" + "\ufe0f" * 1100],
    ids=["hangul fillers", "variation selectors"],
)
def test_one_character_stacked_with_hundreds_of_others_is_refused(name: str) -> None:
    assert length(name) <= 2, "it counts as one or two characters"
    assert name_problem(TEXTS, normalise_name(name)) == TEXTS.msg("scenario-name-too-heavy")
    assert not storable(name)


def test_a_suggested_name_is_always_storable() -> None:
    heavy = ("가" + "\u1160" * 30) * 40 + ".csv"  # a file name: 40 characters, 1 240 units
    suggested = suggest_file_name(TEXTS, heavy, WHEN, set())
    assert storable(suggested) and suggested.startswith("가"), suggested
    assert storable(numbered(suggested, {suggested}))


def test_emoji_newer_than_python_s_own_tables_show() -> None:
    assert normalise_name("Клуб 🪿") == "Клуб 🪿"
    assert name_problem(TEXTS, "🫨") is None


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u2800", "\u3164", "\u200e\u200f", "\ufe0f", "\U000e0041\U000e0042", " \u115f "],
)
def test_a_name_that_shows_nothing_is_refused(name: str) -> None:
    assert name_problem(TEXTS, normalise_name(name)) is not None
    assert not storable(name)


def test_a_taken_name_gets_the_next_number() -> None:
    assert numbered("Клуб", set()) == "Клуб"
    assert numbered("Клуб", {"Клуб"}) == "Клуб (2)"
    assert numbered("Клуб", {"Клуб", "Клуб (2)"}) == "Клуб (3)"
    assert numbered("Клуб (2)", {"Клуб", "Клуб (2)"}) == "Клуб (3)", "a number is continued"
    long = "я" * MAX_NAME_LENGTH
    version = numbered(long, {long})
    assert len(version) == MAX_NAME_LENGTH and version.endswith("… (2)")


def test_a_suggested_name_says_the_model_price_and_day() -> None:
    club = subscription(3000, 5, 5000, 80)
    assert suggest_name(TEXTS, club, WHEN, set()) == f"Подписка 3{NBSP}000{NBSP}₽ · 23.11"
    taken = {f"Подписка 3{NBSP}000{NBSP}₽ · 23.11"}
    assert suggest_name(TEXTS, club, WHEN, taken) == f"Подписка 3{NBSP}000{NBSP}₽ · 23.11 (2)"
    course = purchases(15000, 60, 5000, 2)
    assert suggest_name(TEXTS, course, WHEN, set()) == f"Покупки 15{NBSP}000{NBSP}₽ · 23.11"


def test_a_name_from_an_orders_file_drops_the_extension_and_is_cut_whole() -> None:
    assert suggest_file_name(TEXTS, "Заказы GetCourse.csv", WHEN, set()) == (
        "Заказы GetCourse · 23.11"
    )
    assert suggest_file_name(TEXTS, "report.pdf", WHEN, set()) == "report.pdf · 23.11"
    flags = suggest_file_name(TEXTS, "🇷🇺" * 60 + ".xlsx", WHEN, set())
    assert flags == "🇷🇺" * 47 + "… · 23.11", "never half a flag"
    again = suggest_file_name(TEXTS, "orders.xlsx", WHEN, {"orders · 23.11"})
    assert again == "orders · 23.11 (2)"


def test_a_name_on_a_button_leaves_out_the_day_shown_beside_it() -> None:
    course = f"Покупки 15{NBSP}000{NBSP}₽"
    assert button_name(f"{course} · 23.11", "23.11", 16) == course, "the day said once"
    assert button_name(f"{course} · 23.11 (2)", "23.11", 20) == f"{course} (2)"
    assert button_name(f"{course} · 22.11", "23.11", 24) == f"{course} · 22.11", "another day"
    assert button_name("Вариант 123.11", "23.11", 20) == "Вариант 123.11", "part of a word"
    assert button_name("23.11", "23.11", 20) == "23.11", "nothing else to show"
    assert button_name(f"{course} · 23.11 (2)", "23.11", 15) == "Покупки… (2)", "number kept"
    assert button_name(f"{course} · 23.11", "23.11", 12) == "Покупки…", "not «15 0…»: a price"
    assert button_name("Курс 2,5 месяца", "23.11", 7) == "Курс…", "not «2,…»"
    assert button_name("1234567890", "23.11", 5) == "1234…", "a name that is only a number"
    assert button_name("🇷🇺" * 30, "23.11", 10) == "🇷🇺" * 9 + "…", "never half a flag"
    prepended = "Курс \u060015 000 ₽"  # the Arabic number sign is drawn with the 1 after it
    assert button_name(prepended, "23.11", 8) == "Курс…", "a number left out with its sign"


@given(name_text.map(normalise_name), st.integers(min_value=1, max_value=40))
# Found by this test when names were split by a hand-written approximation of Unicode's
# rules, which joined a zero width joiner to anything after it:
@example("22222\u200d222", 6)
@example("2\u200d\xa022", 2)
def test_a_name_on_a_button_fits_and_is_cut_whole(name: str, limit: int) -> None:
    shown = button_name(name, "23.11", limit)
    assert length(shown) <= limit
    if length(name) <= limit:
        assert shown == name
    else:
        head, _, tail = shown.rpartition("…")
        clusters = graphemes(head)
        assert graphemes(name)[: len(clusters)] == clusters, "whole characters from the start"
        assert name.endswith(tail), "then what it ends with: its number, or nothing"


@given(name_text)
def test_an_accepted_name_shows_something_and_fits(text: str) -> None:
    name = normalise_name(text)
    assert normalise_name(name) == name, "normalising twice changes nothing"
    if name_problem(TEXTS, name) is None:
        assert visible(name)
        assert length(name) <= MAX_NAME_LENGTH
        assert storable(name)


@given(st.sets(name_text.map(normalise_name), max_size=8), name_text)
def test_a_numbered_name_is_never_taken_and_fits(taken: set[str], text: str) -> None:
    name = normalise_name(text)
    candidate = numbered(name, taken | {name})
    assert candidate not in taken | {name}
    if length(name) <= MAX_NAME_LENGTH:
        assert length(candidate) <= MAX_NAME_LENGTH


@given(
    st.sampled_from([subscription(3000, 5, 5000), purchases(15000, 60, 5000, 2)]),
    st.integers(min_value=0, max_value=12),
    st.sets(st.integers(min_value=2, max_value=15), max_size=6),
)
def test_a_suggested_name_is_never_one_of_the_given(
    inputs: Inputs, copies: int, numbers: set[int]
) -> None:
    first = suggest_name(TEXTS, inputs, WHEN, set())
    taken = {first} | {f"{first} ({n})" for n in numbers}
    for _ in range(copies):  # each suggestion saved in turn
        taken.add(suggest_name(TEXTS, inputs, WHEN, taken))
    suggested = suggest_name(TEXTS, inputs, WHEN, taken)
    assert suggested not in taken
    assert name_problem(TEXTS, suggested) is None
