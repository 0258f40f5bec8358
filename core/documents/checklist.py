"""The "how to double LTV" checklist as an A4 PDF, generic or ordered by the user's figures.

The checklist is a list of :class:`~core.priorities.Section` s, each a tuple of item ids
(:data:`ITEMS`); every word lives in ``locales/ru/checklist.ftl`` under
``checklist-section-<section>`` and ``checklist-item-<section>-<item>-title``/``-text``.
With a result, the sections come in :func:`~core.priorities.personal_order`, each
promoted one with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.documents.fonts import UNICODE_RANGE, dejavu_sans
from core.formatting import money, number, percent, plural_count, ratio
from core.models import TARGET_RATIO, BusinessModel, Result
from core.priorities import Reason, Section, personal_order, reason_text
from l10n import Texts

__all__ = ["ITEMS", "Figure", "checklist_pdf", "figures"]


ITEMS: Final[Mapping[Section, tuple[str, ...]]] = {
    Section.SEGMENTS: ("export", "split", "best", "lost"),
    Section.RETENTION: ("onboarding", "first-week", "updates", "triggers", "contact"),
    Section.UPSELL: ("ladder", "checkout", "micro", "next-offer"),
    Section.LOYALTY: ("early-access", "tenure", "closed", "no-discounts"),
    Section.CONTENT: ("cases", "updates", "tools", "results"),
    Section.COMMUNITY: ("chat", "meetings", "roles", "challenges"),
    Section.CHURN: ("signals", "response", "leaving-offer", "why", "win-back"),
    Section.PRICING: ("margin", "tiers", "raise", "delivery-cost"),
    Section.ACQUISITION: ("by-channel", "ceiling", "pause", "referrals", "warm-up"),
    Section.METRICS: ("ltv", "cohorts", "check", "repeat-90", "one-change"),
}
"""The items of each section, in the order they are printed (the generic order of sections)."""


def _counted(texts: Texts, key: str, shown: str) -> str:
    """A plural message (``months``, ``checklist-purchases``) for an already formatted number."""
    return texts.msg(key, count=plural_count(shown), value=shown)


@dataclass(frozen=True, slots=True)
class Figure:
    """One card of the "your figures" block: what it is, the value, a small note."""

    label: str
    value: str
    note: str


def figures(texts: Texts, result: Result) -> list[Figure]:
    """The user's inputs and key results, formatted as the bot shows them."""
    inputs = result.inputs
    subscription = inputs.model is BusinessModel.SUBSCRIPTION
    kind = "subscription" if subscription else "purchases"
    if subscription or inputs.purchases_per_year is None:
        model_note = texts.msg("checklist-model-note-subscription")
    else:
        per_year = _counted(texts, "checklist-purchases", number(inputs.purchases_per_year, 2))
        model_note = texts.msg("checklist-model-note-purchases", purchases=per_year)
    if inputs.margin_percent is None:
        margin = texts.msg("checklist-figure-margin-skipped")
        margin_note = texts.msg("checklist-figure-margin-note-skipped")
    else:
        margin = percent(inputs.margin_percent)
        margin_note = texts.msg("checklist-figure-margin-note")
    if result.ltv_cac is None:
        ratio_value = texts.msg("checklist-figure-ratio-undefined")
    else:
        ratio_value = ratio(result.ltv_cac)
    if result.payback_month is None:
        payback = texts.msg("checklist-figure-payback-never")
    else:
        payback = texts.msg("checklist-figure-payback-month", month=str(result.payback_month))
    ltv_note = (
        "checklist-figure-ltv-note-revenue" if result.by_revenue else "checklist-figure-ltv-note"
    )
    purchases = _counted(texts, "checklist-purchases", number(result.purchases))
    return [
        Figure(
            texts.msg("checklist-figure-model"),
            texts.msg(f"checklist-model-{kind}"),
            model_note,
        ),
        Figure(
            texts.msg(f"checklist-figure-price-{kind}"),
            money(inputs.price),
            texts.msg("checklist-figure-price-note"),
        ),
        Figure(
            texts.msg(f"checklist-figure-churn-{kind}"),
            percent(inputs.churn_percent),
            texts.msg(f"checklist-figure-churn-note-{kind}"),
        ),
        Figure(texts.msg("checklist-figure-margin"), margin, margin_note),
        Figure(
            texts.msg("checklist-figure-cac"),
            money(inputs.cac),
            texts.msg("checklist-figure-cac-note"),
        ),
        Figure(texts.msg("checklist-figure-ltv"), money(result.ltv), texts.msg(ltv_note)),
        Figure(
            texts.msg("checklist-figure-ratio"),
            ratio_value,
            texts.msg("checklist-figure-ratio-note", target=ratio(TARGET_RATIO)),
        ),
        Figure(
            texts.msg("checklist-figure-payback"),
            payback,
            texts.msg("checklist-figure-payback-note"),
        ),
        Figure(
            texts.msg("checklist-figure-lifetime"),
            _counted(texts, "months", number(result.lifetime_months)),
            texts.msg("checklist-figure-lifetime-note", purchases=purchases),
        ),
    ]


# --- layout (millimetres, points for font sizes) -------------------------------------------

FAMILY: Final = "dejavu"
PAGE_TOTAL_ALIAS: Final = "{nb}"
"""fpdf's default alias, replaced by the number of pages when the PDF is written."""
CREATION_DATE: Final = datetime(2024, 1, 1, tzinfo=UTC)
"""Fixed document date: identical inputs give identical bytes."""

MARGIN_X: Final = 18.0
MARGIN_TOP: Final = 16.0
MARGIN_BOTTOM: Final = 20.0
FOOTER_FROM_BOTTOM: Final = 12.0

INK: Final = (33, 37, 41)
BODY: Final = (64, 70, 78)
MUTED: Final = (118, 125, 134)
ACCENT: Final = (31, 90, 158)
ACCENT_LIGHT: Final = (236, 242, 250)
RULE: Final = (214, 219, 226)
BOX: Final = (120, 128, 138)
HIGHLIGHT: Final = (196, 98, 16)
HIGHLIGHT_LIGHT: Final = (253, 242, 228)

Colour = tuple[int, int, int]


class _Pdf(FPDF):
    """An A4 page with DejaVu Sans and a footer: document title left, page number right."""

    def __init__(self, footer: str, page_label: Callable[[int], str]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer
        self._page_label = page_label
        fonts = dejavu_sans()
        self.add_font(FAMILY, "", fonts.regular, unicode_range=UNICODE_RANGE)
        self.add_font(FAMILY, "B", fonts.bold, unicode_range=UNICODE_RANGE)
        self.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        self.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
        self.c_margin = 0
        self.set_creation_date(CREATION_DATE)

    def footer(self) -> None:
        y = self.h - FOOTER_FROM_BOTTOM
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, y - 1.5, self.w - self.r_margin, y - 1.5)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, y)
        self.cell(self.epw / 2, 5, self._footer_text)
        # The total is the alias "{nb}", replaced at output: measure the label with one digit.
        label = self._page_label(self.page_no())
        shown = label.replace(self.str_alias_nb_pages, "0")
        self.set_xy(self.w - self.r_margin - self.get_string_width(shown), y)
        self.cell(self.epw / 2, 5, label)

    # -- text helpers -------------------------------------------------------------------

    def style(self, size: float, bold: bool = False, colour: Colour = INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    def wrap(self, text: str, width: float) -> list[str]:
        """Word-wrap ``text`` in the current font to ``width`` (greedy, at plain spaces).

        Measuring words is several times faster than fpdf's ``multi_cell`` dry run,
        and the layout needs every paragraph's height before drawing it.
        """
        space = self.get_string_width(" ")
        lines: list[str] = []
        words: list[str] = []
        used = 0.0
        for word in text.split(" "):
            size = self.get_string_width(word)
            if words and used + space + size > width:
                lines.append(" ".join(words))
                words, used = [word], size
            else:
                used = used + space + size if words else size
                words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines

    def lines(self, lines: list[str], x: float, width: float, height: float) -> None:
        """Print wrapped ``lines`` from the current y at ``x``, one per ``height``."""
        for line in lines:
            self.set_x(x)
            self.cell(width, height, line, new_x=XPos.LEFT, new_y=YPos.NEXT)

    def fit(self, text: str, width: float, size: float, smallest: float) -> float:
        """The largest font size ≤ ``size`` (bold) at which ``text`` fits on one line."""
        while size > smallest:
            self.set_font(FAMILY, "B", size)
            if self.get_string_width(text) <= width:
                break
            size -= 0.5
        return size

    def room(self) -> float:
        """Height left on this page above the bottom margin."""
        return float(self.page_break_trigger - self.get_y())


@dataclass(frozen=True, slots=True)
class _Item:
    title: list[str]
    text: list[str]

    @property
    def height(self) -> float:
        return len(self.title) * TITLE_LINE + ITEM_TITLE_GAP + len(self.text) * TEXT_LINE


TITLE_SIZE: Final = 10.5
TITLE_LINE: Final = 5.0
TEXT_SIZE: Final = 9.3
TEXT_LINE: Final = 4.4
ITEM_TITLE_GAP: Final = 0.6
ITEM_GAP: Final = 3.0
BOX_SIZE: Final = 3.8
ITEM_INDENT: Final = 7.5
HEADING_SIZE: Final = 13.5
HEADING_LINE: Final = 6.5
LEAD_SIZE: Final = 9.0
LEAD_LINE: Final = 4.3
SECTION_GAP: Final = 6.0
REASON_PAD: Final = 2.6
REASON_LABEL_LINE: Final = 4.0
REASON_LINE: Final = 4.4


def made_for(texts: Texts, result: Result, made_on: date | None = None) -> str:
    """The line saying which calculation (its model, price, churn, CAC) and, with
    ``made_on``, which day the personal checklist was made for."""
    inputs = result.inputs
    key = (
        "checklist-made-for-subscription"
        if inputs.model is BusinessModel.SUBSCRIPTION
        else "checklist-made-for-purchases"
    )
    what = texts.msg(
        key,
        price=money(inputs.price),
        churn=percent(inputs.churn_percent),
        cac=money(inputs.cac),
    )
    if made_on is None:
        return texts.msg("checklist-made-for", what=what)
    return texts.msg("checklist-made-on", date=made_on.strftime("%d.%m.%Y"), what=what)


def _title_block(pdf: _Pdf, texts: Texts, personal: str | None) -> None:
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 3.2, style="F")
    pdf.set_y(MARGIN_TOP + 2)
    pdf.style(25, bold=True)
    pdf.set_x(MARGIN_X)
    pdf.cell(pdf.epw, 11, texts.msg("checklist-title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.style(11.5, colour=ACCENT)
    pdf.cell(pdf.epw, 6.5, texts.msg("checklist-subtitle"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2.5)
    pdf.style(9.8, colour=BODY)
    pdf.lines(pdf.wrap(texts.msg("checklist-intro"), pdf.epw), MARGIN_X, pdf.epw, 4.8)
    if personal is not None:
        pdf.ln(1.5)
        pdf.lines(pdf.wrap(texts.msg("checklist-intro-personal"), pdf.epw), MARGIN_X, pdf.epw, 4.8)
        pdf.ln(1.5)
        pdf.style(9.8, bold=True, colour=INK)
        pdf.lines(pdf.wrap(personal, pdf.epw), MARGIN_X, pdf.epw, 4.8)
    pdf.ln(4)


FIGURE_COLUMNS: Final = 3
FIGURE_GAP: Final = 3.0
FIGURE_PAD: Final = 3.2
FIGURE_HEIGHT: Final = 17.5


def _figures_block(pdf: _Pdf, texts: Texts, result: Result) -> None:
    pdf.style(12.5, bold=True)
    pdf.cell(pdf.epw, 7, texts.msg("checklist-figures-title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    cards = figures(texts, result)
    width = (pdf.epw - FIGURE_GAP * (FIGURE_COLUMNS - 1)) / FIGURE_COLUMNS
    inner = width - 2 * FIGURE_PAD
    top = pdf.get_y()
    for index, card in enumerate(cards):
        row, column = divmod(index, FIGURE_COLUMNS)
        x = MARGIN_X + column * (width + FIGURE_GAP)
        y = top + row * (FIGURE_HEIGHT + FIGURE_GAP)
        pdf.set_fill_color(*ACCENT_LIGHT)
        pdf.rect(x, y, width, FIGURE_HEIGHT, style="F", round_corners=True, corner_radius=1.8)
        pdf.style(7.8, colour=MUTED)
        pdf.set_xy(x + FIGURE_PAD, y + 2.4)
        pdf.cell(inner, 3.6, card.label)
        size = pdf.fit(card.value, inner, 12.5, 8.0)
        pdf.style(size, bold=True)
        pdf.set_xy(x + FIGURE_PAD, y + 6.3)
        pdf.cell(inner, 6, card.value)
        pdf.style(7.3, colour=MUTED)
        note = card.note
        while note and pdf.get_string_width(note) > inner:
            note = note[:-2].rstrip() + "…"
        pdf.set_xy(x + FIGURE_PAD, y + 12.4)
        pdf.cell(inner, 3.4, note)
    rows = -(-len(cards) // FIGURE_COLUMNS)
    pdf.set_xy(MARGIN_X, top + rows * (FIGURE_HEIGHT + FIGURE_GAP) + 2)


def _section(
    pdf: _Pdf,
    texts: Texts,
    number: int,
    section: Section,
    reason: str | None,
) -> None:
    body_width = pdf.epw - ITEM_INDENT
    pdf.style(HEADING_SIZE, bold=True, colour=ACCENT)
    heading = pdf.wrap(f"{number}. {texts.msg(f'checklist-section-{section}')}", pdf.epw)
    pdf.style(LEAD_SIZE, colour=MUTED)
    lead = pdf.wrap(texts.msg(f"checklist-section-{section}-lead"), pdf.epw)
    reason_lines: list[str] = []
    reason_width = pdf.epw - 2 * REASON_PAD - 1.2
    if reason is not None:
        pdf.style(9.3)
        reason_lines = pdf.wrap(reason, reason_width)
    reason_height = (
        2 * REASON_PAD + REASON_LABEL_LINE + len(reason_lines) * REASON_LINE + 2.5
        if reason is not None
        else 0.0
    )
    items = []
    for item_id in ITEMS[section]:
        pdf.style(TITLE_SIZE, bold=True)
        title = pdf.wrap(texts.msg(f"checklist-item-{section}-{item_id}-title"), body_width)
        pdf.style(TEXT_SIZE)
        text = pdf.wrap(texts.msg(f"checklist-item-{section}-{item_id}-text"), body_width)
        items.append(_Item(title, text))
    head_height = len(heading) * HEADING_LINE + len(lead) * LEAD_LINE + 3.5 + reason_height
    # Keep the heading with its reason and first item: never a heading alone at a page bottom.
    if pdf.room() < SECTION_GAP + head_height + items[0].height:
        pdf.add_page()
    elif pdf.get_y() > MARGIN_TOP + 1:
        pdf.ln(SECTION_GAP)
    pdf.style(HEADING_SIZE, bold=True, colour=ACCENT)
    pdf.lines(heading, MARGIN_X, pdf.epw, HEADING_LINE)
    pdf.style(LEAD_SIZE, colour=MUTED)
    pdf.lines(lead, MARGIN_X, pdf.epw, LEAD_LINE)
    pdf.ln(3.5)
    if reason is not None:
        top = pdf.get_y()
        box_height = reason_height - 2.5
        pdf.set_fill_color(*HIGHLIGHT_LIGHT)
        pdf.rect(MARGIN_X, top, pdf.epw, box_height, style="F")
        pdf.set_fill_color(*HIGHLIGHT)
        pdf.rect(MARGIN_X, top, 1.2, box_height, style="F")
        pdf.style(7.6, bold=True, colour=HIGHLIGHT)
        pdf.set_xy(MARGIN_X + 1.2 + REASON_PAD, top + REASON_PAD)
        pdf.cell(reason_width, REASON_LABEL_LINE, texts.msg("checklist-important").upper())
        pdf.set_xy(MARGIN_X, top + REASON_PAD + REASON_LABEL_LINE)
        pdf.style(9.3)
        pdf.lines(reason_lines, MARGIN_X + 1.2 + REASON_PAD, reason_width, REASON_LINE)
        pdf.set_y(top + box_height + 2.5)
    for index, item in enumerate(items):
        needed = item.height
        if index == len(items) - 2:  # never leave the last item of a section alone on a page
            needed += ITEM_GAP + items[-1].height
        if pdf.room() < needed and pdf.get_y() > MARGIN_TOP + 1:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_draw_color(*BOX)
        pdf.set_line_width(0.3)
        pdf.rect(MARGIN_X + 0.3, top + 0.7, BOX_SIZE, BOX_SIZE)
        pdf.style(TITLE_SIZE, bold=True)
        pdf.lines(item.title, MARGIN_X + ITEM_INDENT, body_width, TITLE_LINE)
        pdf.ln(ITEM_TITLE_GAP)
        pdf.style(TEXT_SIZE, colour=BODY)
        pdf.lines(item.text, MARGIN_X + ITEM_INDENT, body_width, TEXT_LINE)
        pdf.ln(ITEM_GAP)


def checklist_pdf(
    texts: Texts, result: Result | None = None, made_on: date | None = None
) -> bytes:
    """The checklist as PDF bytes; with ``result``, the user's figures and personal order,
    and which calculation (and day, ``made_on``) it was made for.

    A4, DejaVu Sans, an empty tick box before each item, page numbers in the
    footer. Identical arguments give identical bytes (a fixed creation date). A reason
    shared by two sections is boxed once, in the first.
    """
    pdf = _Pdf(
        texts.msg("checklist-footer"),
        lambda page: texts.msg("checklist-page", page=page, total=PAGE_TOTAL_ALIAS),
    )
    pdf.set_title(texts.msg("checklist-title"))
    pdf.set_subject(texts.msg("checklist-subtitle"))
    pdf.set_author(texts.msg("checklist-author"))
    pdf.set_creator(texts.msg("checklist-author"))
    pdf.set_lang(texts.locale)
    pdf.add_page()
    _title_block(pdf, texts, None if result is None else made_for(texts, result, made_on))
    if result is None:
        order: list[tuple[Section, Reason | None]] = [(section, None) for section in Section]
    else:
        _figures_block(pdf, texts, result)
        order = personal_order(result)
    boxed: set[Reason] = set()
    for position, (section, reason) in enumerate(order, start=1):
        line = None
        if reason is not None and result is not None and reason not in boxed:
            boxed.add(reason)
            line = reason_text(texts, reason, result)
        _section(pdf, texts, position, section, line)
    return bytes(pdf.output())
