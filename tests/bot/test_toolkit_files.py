"""The toolkit's file cache: rendered once, file_ids kept, refused ones forgotten."""

from __future__ import annotations

import asyncio
from typing import cast

from bot.features.toolkit.files import ToolkitDocument, ToolkitFiles
from bot.rendering import Renderer


class CountingRenderer:
    """Stands in for the process pool: counts what it was asked to render."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def checklist_pdf(self) -> bytes:
        self.calls.append("checklist")
        await asyncio.sleep(0)
        return b"%PDF"

    async def funnel_xlsx(self) -> bytes:
        self.calls.append("funnel")
        return b"PK-funnel"

    async def calculator_xlsx(self) -> bytes:
        self.calls.append("calculator")
        return b"PK-calculator"


async def test_documents_are_rendered_once() -> None:
    files, fake = ToolkitFiles(), CountingRenderer()
    renderer = cast(Renderer, fake)
    first = await files.content([ToolkitDocument.CHECKLIST], renderer)
    every = await files.content(list(ToolkitDocument), renderer)
    again = await files.content(list(ToolkitDocument), renderer)
    assert first == {ToolkitDocument.CHECKLIST: b"%PDF"}
    assert list(every) == list(ToolkitDocument)
    assert every == again
    assert sorted(fake.calls) == ["calculator", "checklist", "funnel"]


def test_file_ids_are_kept_and_refused_ones_forgotten() -> None:
    files = ToolkitFiles()
    assert files.file_id(ToolkitDocument.FUNNEL) is None
    files.remember(ToolkitDocument.FUNNEL, "F1")
    files.remember(ToolkitDocument.CALCULATOR, "C1")
    files.remember_personal("{inputs}", "P1")
    files.forget(["F1", None, "P1"])
    assert files.file_id(ToolkitDocument.FUNNEL) is None
    assert files.file_id(ToolkitDocument.CALCULATOR) == "C1"
    assert files.personal_file_id("{inputs}") is None


def test_personal_file_ids_keep_the_most_recent() -> None:
    files = ToolkitFiles(personal_limit=2)
    files.remember_personal("a", "A")
    files.remember_personal("b", "B")
    assert files.personal_file_id("a") == "A"  # now the most recent
    files.remember_personal("c", "C")
    assert files.personal_file_id("b") is None
    assert files.personal_file_id("a") == "A"
    assert files.personal_file_id("c") == "C"
