"""The toolkit's files in this process: rendered once, uploaded once, then sent by file_id.

The three toolkit documents do not depend on the user: their bytes are rendered
once per process (in a render worker, off the event loop) and, once Telegram
has them, sent again by ``file_id`` without uploading. A personal checklist
depends only on the user's inputs (identical inputs give identical bytes), so
the file_ids of the latest few are remembered too.

One object per dispatcher, injected as ``toolkit``; nothing here talks to
Telegram. Whoever uploads holds :attr:`ToolkitFiles.lock`, so that concurrent
first requests upload each file once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable
from enum import StrEnum

from bot.rendering import Renderer

PERSONAL_LIMIT = 256


class ToolkitDocument(StrEnum):
    """A file of the toolkit, in the order it is sent."""

    CHECKLIST = "checklist"
    FUNNEL = "funnel"
    CALCULATOR = "calculator"


class ToolkitFiles:
    """Bytes and Telegram file_ids of the toolkit documents and of recent personal checklists."""

    def __init__(self, personal_limit: int = PERSONAL_LIMIT) -> None:
        self.lock = asyncio.Lock()
        """Held while rendering and uploading, so that a file is uploaded once."""
        self._content: dict[ToolkitDocument, bytes] = {}
        self._file_ids: dict[ToolkitDocument, str] = {}
        self._personal: OrderedDict[str, str] = OrderedDict()
        self._personal_limit = personal_limit

    def file_id(self, document: ToolkitDocument) -> str | None:
        """The file_id Telegram gave ``document``, once it was uploaded."""
        return self._file_ids.get(document)

    def remember(self, document: ToolkitDocument, file_id: str) -> None:
        """Keep the file_id of an uploaded toolkit document."""
        self._file_ids[document] = file_id

    def personal_file_id(self, key: str) -> str | None:
        """The file_id of the personal checklist for inputs ``key``, if sent recently."""
        file_id = self._personal.get(key)
        if file_id is not None:
            self._personal.move_to_end(key)
        return file_id

    def remember_personal(self, key: str, file_id: str) -> None:
        """Keep the file_id of a personal checklist, dropping the oldest beyond the limit."""
        self._personal[key] = file_id
        self._personal.move_to_end(key)
        while len(self._personal) > self._personal_limit:
            self._personal.popitem(last=False)

    def forget(self, file_ids: Iterable[str | None]) -> None:
        """Drop file_ids that Telegram refused; the next send uploads those files again."""
        refused = {file_id for file_id in file_ids if file_id is not None}
        for document, file_id in list(self._file_ids.items()):
            if file_id in refused:
                del self._file_ids[document]
        for key, file_id in list(self._personal.items()):
            if file_id in refused:
                del self._personal[key]

    async def content(
        self, documents: Iterable[ToolkitDocument], renderer: Renderer
    ) -> dict[ToolkitDocument, bytes]:
        """The bytes of ``documents``; those not rendered yet are rendered now, concurrently."""
        wanted = list(dict.fromkeys(documents))
        missing = [document for document in wanted if document not in self._content]
        rendered = await asyncio.gather(*(_render(document, renderer) for document in missing))
        self._content.update(zip(missing, rendered, strict=True))
        return {document: self._content[document] for document in wanted}


async def _render(document: ToolkitDocument, renderer: Renderer) -> bytes:
    match document:
        case ToolkitDocument.CHECKLIST:
            return await renderer.checklist_pdf()
        case ToolkitDocument.FUNNEL:
            return await renderer.funnel_xlsx()
        case ToolkitDocument.CALCULATOR:
            return await renderer.calculator_xlsx()
