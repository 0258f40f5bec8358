"""Bytes of an orders export to a table: the header found by name, the rows streamed.

:func:`open_table` takes the file as it came (CSV or XLSX, at most
:data:`MAX_BYTES`) and finds its shape without reading it all:

- XLSX by its content (a zip with ``xl/workbook.xml``), whatever its name;
  every sheet's first rows are looked at and the sheet whose header names the
  most known columns is taken. The sheet is read by a small streaming reader
  of its XML (openpyxl takes a minute on 100 000 rows); only the columns the
  analysis asks for are decoded.
- CSV: the encoding (a UTF-8 or UTF-16 byte-order mark; valid UTF-8; else
  cp1251, the Russian Windows one) and the delimiter (``;``, ``,``, tab or
  ``|``, or Excel's ``sep=`` line) are found from the first rows: the
  delimiter under which a header names the most known columns and the rows
  have the header's width wins.

The header is the row among the first :data:`HEAD_ROWS` that names the most
known columns (a title or an empty line above it is fine).
:meth:`Table.records` then streams the data rows under it, only the columns
asked for, so memory does not grow with the file beyond the shared strings
of a workbook. Files that are not tables, empty or too large raise
:class:`~core.orders.errors.OrdersError`.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import re
import zipfile
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from posixpath import normpath
from typing import Final
from xml.etree import ElementTree

from core.orders.columns import ColumnMapping, guess_mapping, recognised
from core.orders.errors import NotTableKind, OrdersError, OrdersErrorCode, TooLargeKind

__all__ = [
    "DELIMITERS",
    "HEAD_ROWS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Cell",
    "Table",
    "TableKind",
    "open_table",
]

MAX_BYTES: Final = 20 * 1024 * 1024
"""Telegram lets a bot download files of at most 20 MB."""
MAX_ROWS: Final = 1_000_000
"""Data rows read at most; a longer file is refused as too large."""
MAX_XML_BYTES: Final = 64 * 1024 * 1024
"""A workbook's shared strings or small parts larger than this (unpacked) are refused."""
MAX_COLUMNS: Final = 1000
"""Columns of a header row at most (a sheet's 16 384 empty columns are cut)."""
HEAD_ROWS: Final = 30
"""The header is looked for among this many first rows."""
SAMPLE_BYTES: Final = 256 * 1024
"""The start of a CSV file the encoding's name and the delimiter are judged on."""
MAX_SHEETS: Final = 10
"""Sheets of a workbook looked at for the orders."""
DELIMITERS: Final = (";", ",", "\t", "|")
"""Tried in this order; the first wins a tie."""
CHUNK: Final = 1 << 20
SAMPLE_ROWS: Final = 50
"""Data rows a column's sample values are taken from (:meth:`Table.samples`)."""
SAMPLES_PER_COLUMN: Final = 3

Cell = str | float | None
"""A cell as read: text, a number (from a workbook) or nothing."""


class TableKind(StrEnum):
    """The file's format."""

    CSV = "csv"
    XLSX = "xlsx"


def _not_a_table(kind: NotTableKind) -> OrdersError:
    return OrdersError(OrdersErrorCode.NOT_A_TABLE, kind=kind.value)


def _too_large(kind: TooLargeKind) -> OrdersError:
    limit = "20 МБ" if kind is TooLargeKind.BYTES else "1\u00a0000\u00a0000 строк"
    return OrdersError(OrdersErrorCode.TOO_LARGE, kind=kind.value, limit=limit)


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True, eq=False)
class Table:
    """An orders table found in a file: its header, the guessed mapping, its rows on demand.

    ``header_row`` is the header's 1-based row number in the file (the sheet's
    row number for a workbook). ``encoding`` and ``delimiter`` are set for a
    CSV, ``sheet`` and ``date1904`` for a workbook. The table holds the file's
    bytes: drop it when done.
    """

    kind: TableKind
    headers: tuple[str, ...]
    mapping: ColumnMapping
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    date1904: bool = False
    _source: _CsvSource | _SheetSource | None = field(default=None, repr=False)

    def records(self, indices: Sequence[int]) -> Iterator[tuple[Cell, ...]]:
        """The cells at ``indices`` of every non-blank data row, in file order.

        A row shorter than an index gives ``None`` there. Raises
        :class:`OrdersError` (too large) past :data:`MAX_ROWS` rows.
        """
        return (cells for _, cells in self.numbered(indices))

    def numbered(
        self, indices: Sequence[int], only: Container[int] | None = None
    ) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """``(row number, cells)`` like :meth:`records`; with ``only``, just those rows.

        The number identifies the row in this table whatever the columns asked
        for (the sheet's row number, or the CSV record's), so a second pass can
        fetch more columns of a few rows of the first.
        """
        if self._source is None:
            return iter(())
        return _counted(self._source.records(tuple(indices), only))

    def samples(self) -> tuple[tuple[str, ...], ...]:
        """A few different values of each column, as text, from the first data rows: what
        the person sees of a column when picking it by hand (shown, never kept)."""
        found: list[list[str]] = [[] for _ in self.headers]
        rows = self.records(range(len(self.headers)))
        for cells in itertools.islice(rows, SAMPLE_ROWS):
            for values, cell in zip(found, cells, strict=False):
                text = _text(cell)
                if text and text not in values and len(values) < SAMPLES_PER_COLUMN:
                    values.append(text)
        return tuple(tuple(values) for values in found)


def _counted(
    rows: Iterator[tuple[int, tuple[Cell, ...]]],
) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise _too_large(TooLargeKind.ROWS)
        yield row


def open_table(data: bytes, filename: str | None = None) -> Table:
    """Find the orders table in a CSV or XLSX file's bytes.

    ``filename`` is not needed (the content decides) and only helps to name an
    old ``.xls`` workbook. Raises :class:`OrdersError`: ``TOO_LARGE``,
    ``EMPTY``, ``NOT_A_TABLE``.
    """
    if len(data) > MAX_BYTES:
        raise _too_large(TooLargeKind.BYTES)
    if not data or data.isspace():
        raise OrdersError(OrdersErrorCode.EMPTY)
    if data.startswith(b"PK\x03\x04"):
        return _open_workbook(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_a_table(NotTableKind.XLS)
    if filename is not None and filename.lower().endswith(".xls") and _binary(data):
        raise _not_a_table(NotTableKind.XLS)
    return _open_csv(data)


def _header_of(rows: Sequence[Sequence[Cell]]) -> tuple[int, int]:
    """``(index, fields named)`` of the header among ``rows``: the row naming most fields.

    With no row naming a field, the first row of at least two non-empty cells.
    """
    best = (-1, 0)
    for index, row in enumerate(rows[:HEAD_ROWS]):
        score = recognised([_text(cell) for cell in row])
        if score > best[1]:
            best = (index, score)
    if best[0] >= 0:
        return best
    for index, row in enumerate(rows[:HEAD_ROWS]):
        if sum(1 for cell in row if _text(cell)) >= 2:
            return index, 0
    return -1, 0


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return cell.strip()


def _headers(row: Sequence[Cell]) -> tuple[str, ...]:
    cells = [_text(cell) for cell in row[:MAX_COLUMNS]]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


# --------------------------------------------------------------------------- CSV

_MAGIC: Final = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x1f\x8b", b"Rar!")


def _binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(_MAGIC):
        return True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return b"\x00" in head or controls > len(head) // 100


def _encoding(data: bytes) -> str:
    """The text encoding of a CSV file: BOM, else valid UTF-8, else cp1251."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _binary(data):
        raise _not_a_table(NotTableKind.BINARY)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(data[start : start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _text_stream(data: bytes, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")


_SEP_LINE: Final = re.compile(r"sep=(.)\r?\n?$")
_HTML: Final = re.compile(r"\s*<(?:!doctype|html|table|\?xml)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CsvSource:
    data: bytes
    encoding: str
    delimiter: str
    skip_line: bool
    header_index: int

    def _reader(self) -> Iterator[list[str]]:
        stream = _text_stream(self.data, self.encoding)
        if self.skip_line:
            stream.readline()
        return csv.reader(stream, delimiter=self.delimiter)

    def records(
        self, indices: tuple[int, ...], only: Container[int] | None
    ) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        reader = self._reader()
        width = max(indices, default=-1) + 1
        try:
            for _ in range(self.header_index + 1):
                next(reader, None)
            for number, row in enumerate(reader):
                if not row or (only is not None and number not in only):
                    continue
                if len(row) >= width:
                    yield number, tuple([row[i] for i in indices])
                else:
                    yield number, tuple([row[i] if i < len(row) else None for i in indices])
        except csv.Error:
            raise _not_a_table(NotTableKind.TEXT) from None


def _open_csv(data: bytes) -> Table:
    encoding = _encoding(data)
    stream = _text_stream(data[:SAMPLE_BYTES], encoding)
    sample = stream.read()
    if len(data) > SAMPLE_BYTES:
        sample = sample[: sample.rfind("\n") + 1] or sample
    if _HTML.match(sample):
        raise _not_a_table(NotTableKind.TEXT)
    first_line = sample.split("\n", 1)[0]
    forced = _SEP_LINE.fullmatch(first_line.strip("\ufeff"))
    if forced is not None:
        sample = sample[len(first_line) + 1 :]
    delimiters = (forced.group(1),) if forced is not None else DELIMITERS
    best: tuple[tuple[int, float, int], str, int, list[list[str]]] | None = None
    for delimiter in delimiters:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[: HEAD_ROWS * 2]
        except csv.Error:
            continue
        index, named = _header_of(rows)
        if index < 0:
            continue
        width = len(rows[index])
        body = [row for row in rows[index + 1 :] if row]
        # The share of rows as wide as the header (no rows: only a header naming a field counts).
        fitting = sum(1 for row in body if len(row) == width) / len(body) if body else 0.0
        score = (named, fitting, width)
        if best is None or score > best[0]:
            best = (score, delimiter, index, rows)
    if best is None or best[0][2] < 2:
        raise _not_a_table(NotTableKind.TEXT)
    (named, fitting, _), delimiter, index, rows = best
    if named == 0 and fitting < 0.5:
        raise _not_a_table(NotTableKind.TEXT)  # no known column and no regular rows: prose
    headers = _headers(rows[index])
    source = _CsvSource(data, encoding, delimiter, forced is not None, index)
    return Table(
        kind=TableKind.CSV,
        headers=headers,
        mapping=guess_mapping(headers),
        header_row=index + 1 + (1 if forced is not None else 0),
        encoding=encoding,
        delimiter=delimiter,
        _source=source,
    )


# --------------------------------------------------------------------------- XLSX
# The sheet is scanned as bytes (UTF-8, as every XLSX writer writes it); only
# the values taken are decoded. Tags may carry a namespace prefix (``<x:c>``).

_ROW: Final = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL: Final = re.compile(rb"<((?:\w+:)?)c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ROW_NUMBER: Final = re.compile(rb'\br="(\d+)"')
_CELL_REF: Final = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_TYPE: Final = re.compile(rb'\bt="(\w+)"')
_VALUE: Final = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT_RUN: Final = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PHONETIC: Final = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_SHARED: Final = re.compile(
    rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(?:<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>|(.*?))"
    rb"</(?:\w+:)?si>)",
    re.S,
)
_EXCEL_ESCAPE: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REF_FIRST: Final = re.compile(rb'\s+r="')
_PICKED: Final = (
    rb'<{p}c r="({letters})(\d+)"(?: s="\d+")?(?: t="(\w+)")?([^>]*?)'
    rb"(?:/>|>(?:<{p}v>([^<]*)</{p}v>|<{p}is><{p}t>([^<]*)</{p}t></{p}is>|(.*?))</{p}c>)"
)
"""The wanted cells of the fast path; ``{p}`` is the tags' prefix, ``{letters}`` the columns."""


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _decoded(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _rich_text(content: bytes) -> str:
    if b"rPh" in content:
        content = _PHONETIC.sub(b"", content)
    return "".join(_decoded(run) for run in _TEXT_RUN.findall(content))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _after_last_row(text: bytes) -> int:
    """The position just after the last ``</row>`` (any prefix) in ``text``, or -1."""
    position = text.rfind(b"row>")
    while position >= 0:
        start = text.rfind(b"<", 0, position)
        if start >= 0 and text.startswith(b"</", start):
            prefix = text[start + 2 : position]
            if not prefix or (prefix.endswith(b":") and prefix[:-1].isalnum()):
                return position + 4
        position = text.rfind(b"row>", 0, position)
    return -1


class _SharedStrings:
    """A workbook's shared strings, each decoded the first time a wanted cell uses it.

    Most of them (names, titles, cities, UTM tags) sit in columns the analysis
    never reads, so they stay raw bytes.
    """

    __slots__ = ("_decoded", "_raw")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._raw = raw
        self._decoded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._raw)

    def get(self, index: int) -> str | None:
        """String number ``index``, or ``None`` when there is no such string."""
        text = self._decoded.get(index)
        if text is None:
            if not 0 <= index < len(self._raw):
                return None
            simple, rich = self._raw[index]
            text = _decoded(simple) if simple or not rich else _rich_text(rich)
            self._decoded[index] = text
        return text


@dataclass(frozen=True, slots=True)
class _SheetSource:
    """One worksheet of a workbook, read with regular expressions over its XML.

    With ``prefix`` set (every cell's ``r`` attribute comes first and every
    cell tag has that namespace prefix, as all writers we know do), the cells
    of the columns asked for are picked out by their reference, without
    splitting rows: most of the sheet is skipped at the speed of a search.
    Otherwise (``prefix`` ``None``) each row is split into its cells.
    """

    data: bytes
    path: str
    strings: _SharedStrings
    header_row: int
    prefix: bytes | None

    def blocks(self) -> Iterator[bytes]:
        """The sheet's XML in pieces that each end after a complete row."""
        rest = b""
        try:
            with (
                zipfile.ZipFile(io.BytesIO(self.data)) as archive,
                archive.open(self.path) as raw,
            ):
                while chunk := raw.read(CHUNK):
                    text = rest + chunk
                    end = _after_last_row(text)
                    if end < 0:
                        if len(text) > MAX_XML_BYTES:
                            raise _not_a_table(NotTableKind.BINARY)
                        rest = text
                        continue
                    yield text[:end]
                    rest = text[end:]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            if isinstance(error, OrdersError):
                raise
            raise _not_a_table(NotTableKind.BINARY) from None
        if rest:
            yield rest

    def value(self, attributes: bytes, content: bytes | None) -> Cell:
        """The value of one cell from its attributes and its inner XML."""
        if not content:
            return None
        kind_match = _CELL_TYPE.search(attributes)
        kind = kind_match.group(1) if kind_match else b"n"
        if kind == b"inlineStr":
            return _rich_text(content)
        found = _VALUE.search(content)
        if found is None:
            return None
        raw = found.group(1)
        if kind == b"s":
            try:
                return self.strings.get(int(raw))
            except ValueError:
                return None
        if kind == b"e":
            return None
        if kind == b"n":
            try:
                return float(raw)
            except ValueError:
                pass
        return _decoded(raw)

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """``(row number, cells)`` of every row, cells placed by their column."""
        number = 0
        for block in self.blocks():
            for row in _ROW.finditer(block):
                found = _ROW_NUMBER.search(row.group(1))
                number = int(found.group(1)) if found else number + 1
                cells: list[Cell] = []
                for cell in _CELL.finditer(row.group(2) or b""):
                    attributes = cell.group(2)
                    ref = _CELL_REF.search(attributes)
                    position = _column_index(ref.group(1)) if ref else len(cells)
                    if position >= MAX_COLUMNS:
                        continue
                    if position > len(cells):
                        cells.extend([None] * (position - len(cells)))
                    value = self.value(attributes, cell.group(3))
                    if position == len(cells):
                        cells.append(value)
                    else:
                        cells[position] = value
                yield number, cells

    def records(
        self, indices: tuple[int, ...], only: Container[int] | None
    ) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        if self.prefix is None:
            for number, cells in self.rows():
                if number <= self.header_row or (only is not None and number not in only):
                    continue
                if any(c is not None for c in cells):
                    yield number, tuple([cells[i] if i < len(cells) else None for i in indices])
            return
        if indices:
            for number, picked in self._picked(indices, self.prefix):
                if only is None or number in only:
                    yield number, picked

    def _picked(
        self, indices: tuple[int, ...], prefix: bytes
    ) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """The fast path: only the cells of ``indices``, found by their reference.

        One regular expression finds the wanted cells and, for the usual shapes
        (a number, a shared string, an inline text), their value; the rest of
        the sheet is skipped at the speed of a search.
        """
        slots: dict[bytes, list[int]] = {}
        for position, index in enumerate(indices):
            slots.setdefault(_column_letters(index).encode(), []).append(position)
        letters = b"|".join(name for name, _ in sorted(slots.items(), key=lambda kv: -len(kv[0])))
        pattern = re.compile(
            _PICKED.replace(b"{letters}", letters).replace(b"{p}", re.escape(prefix)), re.S
        )
        strings = self.strings
        shared: dict[bytes, Cell] = {}
        header = self.header_row
        width = len(indices)
        current = b""
        cells: list[Cell] = [None] * width
        value: Cell
        for block in self.blocks():
            for cell in pattern.finditer(block):
                column, number, kind, rest, raw, inline, other = cell.groups()
                if number != current:
                    if current and cells.count(None) < width and int(current) > header:
                        yield int(current), tuple(cells)
                    current = number
                    cells = [None] * width
                if rest and b"t=" in rest:
                    if raw is not None:
                        other = b"<v>" + raw + b"</v>"
                    elif inline is not None:
                        other = b"<is><t>" + inline + b"</t></is>"
                    value = self.value(rest, other)
                elif raw is not None:
                    if kind is None or kind == b"n":
                        try:
                            value = float(raw)
                        except ValueError:
                            value = _decoded(raw)
                    elif kind == b"s":
                        try:
                            value = shared[raw]
                        except KeyError:
                            try:
                                value = shared[raw] = strings.get(int(raw))
                            except ValueError:
                                value = None
                    elif kind == b"e":
                        value = None
                    else:
                        value = _decoded(raw)
                elif inline is not None:
                    value = _decoded(inline)
                elif other:
                    value = self.value(b't="' + kind + b'"' if kind else b"", other)
                else:
                    continue
                for position in slots[column]:
                    cells[position] = value
        if current and cells.count(None) < width and int(current) > header:
            yield int(current), tuple(cells)


class _Workbook:
    """The parts of an XLSX file the reader needs: sheets, shared strings, the date system."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise _not_a_table(NotTableKind.BINARY) from None
        if "xl/workbook.xml" not in names:
            kind = NotTableKind.ODS if "content.xml" in names else NotTableKind.BINARY
            raise _not_a_table(kind)
        workbook = self._xml("xl/workbook.xml")
        targets: dict[str, tuple[str, str]] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for rel in self._xml("xl/_rels/workbook.xml.rels").iter():
                if _local(rel.tag) == "Relationship":
                    target = rel.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    targets[rel.get("Id", "")] = (normpath(path), rel.get("Type", ""))
        self.date1904 = False
        self.sheets: list[tuple[str, str]] = []
        for element in workbook.iter():
            name = _local(element.tag)
            if name == "workbookPr":
                self.date1904 = (_attribute(element, "date1904") or "").lower() in ("1", "true")
            elif name == "sheet":
                path = targets.get(_attribute(element, "id") or "", ("", ""))[0]
                if not path:
                    path = f"xl/worksheets/sheet{len(self.sheets) + 1}.xml"
                if path in names:
                    self.sheets.append((element.get("name", ""), path))
        shared = [path for path, kind in targets.values() if kind.endswith("/sharedStrings")]
        path = shared[0] if shared else "xl/sharedStrings.xml"
        self.strings = _SharedStrings(self._strings(path) if path in names else [])

    def _read(self, path: str) -> bytes:
        try:
            if self.archive.getinfo(path).file_size > MAX_XML_BYTES:
                raise _too_large(TooLargeKind.BYTES)
            return self.archive.read(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise _not_a_table(NotTableKind.BINARY) from None

    def _xml(self, path: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(self._read(path))
        except ElementTree.ParseError:
            raise _not_a_table(NotTableKind.BINARY) from None

    def _strings(self, path: str) -> list[tuple[bytes, bytes]]:
        """Each shared string's text when it is one plain run, else its inner XML."""
        return _SHARED.findall(self._read(path))


def _cell_prefix(block: bytes) -> bytes | None:
    """The one namespace prefix of every cell tag, when each has ``r`` first; else ``None``."""
    prefixes = set()
    for cell in _CELL.finditer(block):
        if not _REF_FIRST.match(cell.group(2)):
            return None
        prefixes.add(cell.group(1))
    return prefixes.pop() if len(prefixes) == 1 else None


def _open_workbook(data: bytes) -> Table:
    workbook = _Workbook(data)
    best: tuple[tuple[int, int], str, _SheetSource, list[Cell]] | None = None
    for order, (name, path) in enumerate(workbook.sheets[:MAX_SHEETS]):
        scout = _SheetSource(data, path, workbook.strings, 0, None)
        head: list[tuple[int, list[Cell]]] = []
        for number, cells in scout.rows():
            head.append((number, cells))
            if len(head) >= HEAD_ROWS:
                break
        rows = [cells for _, cells in head]
        index, named = _header_of(rows)
        if index < 0:
            continue
        first = next(scout.blocks(), b"")
        source = _SheetSource(data, path, workbook.strings, head[index][0], _cell_prefix(first))
        if best is None or (named, -order) > best[0]:
            best = ((named, -order), name, source, rows[index])
    if best is None:
        raise OrdersError(OrdersErrorCode.EMPTY)
    _, name, source, header = best
    headers = _headers(header)
    if len(headers) < 2:
        raise _not_a_table(NotTableKind.TEXT)
    return Table(
        kind=TableKind.XLSX,
        headers=headers,
        mapping=guess_mapping(headers),
        header_row=source.header_row,
        sheet=name,
        date1904=workbook.date1904,
        _source=source,
    )
