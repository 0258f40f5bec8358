"""DejaVu Sans for the PDF documents, taken from matplotlib's data directory.

matplotlib is already a dependency (for the charts) and ships DejaVu Sans,
which covers Cyrillic, the rouble sign, ``×``, ``→`` and the true minus, so no
font file is committed to the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"

UNICODE_RANGE = (
    "U+0020-007E, U+00A0-017F, U+0400-04FF, U+2000-206F, U+20A0-20CF, "
    "U+2100-214F, U+2190-21FF, U+2200-23FF, U+25A0-25FF"
)
"""The blocks our Russian texts and numbers use: Latin with Latin-1 and Extended-A,
Cyrillic, punctuation (« » — …), currency (₽), letterlike, arrows (→), mathematical
operators and technical signs (− × ÷ ≥ ⌊ ⌋), geometric shapes. Loading only these
(a sixth of DejaVu's characters) makes each document a tenth faster to build."""


class FontNotFound(FileNotFoundError):
    """matplotlib's copy of DejaVu Sans is missing (a broken installation)."""


@dataclass(frozen=True, slots=True)
class FontFiles:
    """Paths of the regular and bold faces of one family."""

    regular: Path
    bold: Path


def font_directory() -> Path:
    """The directory of the TrueType fonts bundled with matplotlib."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def dejavu_sans() -> FontFiles:
    """DejaVu Sans regular and bold; raise :class:`FontNotFound` when either is missing."""
    directory = font_directory()
    files = FontFiles(regular=directory / REGULAR_FILE, bold=directory / BOLD_FILE)
    for path in (files.regular, files.bold):
        if not path.is_file():
            raise FontNotFound(f"DejaVu Sans not found: {path}")
    return files
