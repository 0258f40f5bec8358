"""Fluent texts: every word a user reads comes from ``locales/<locale>/*.ftl``.

``Texts.load()`` reads all ``.ftl`` files of a locale once; ``texts.msg(key, **args)``
renders one message. Missing keys, syntax errors and missing variables raise
:class:`TextError` instead of sending a half-rendered text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk, Message

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LOCALE = "ru"

Arg = str | int | float


class TextError(LookupError):
    """A text key is missing, a ``.ftl`` file does not parse, or a variable is missing."""


class Texts:
    """All messages of one locale, parsed once and rendered on demand."""

    def __init__(self, locale: str, sources: Mapping[str, str]) -> None:
        self.locale = locale
        self._bundle = FluentBundle([locale], use_isolating=False)
        self.keys: set[str] = set()
        parser = FluentParser(with_spans=False)  # positions are never used: a faster parse
        for name, source in sources.items():
            resource = parser.parse(source)  # checked, then given to the bundle: parsed once
            for entry in resource.body:
                if isinstance(entry, Junk):
                    snippet = (entry.content or "").strip()[:80]
                    raise TextError(f"{name}: cannot parse: {snippet!r}")
                if isinstance(entry, Message):
                    if entry.id.name in self.keys:
                        raise TextError(f"{name}: duplicate key {entry.id.name!r}")
                    self.keys.add(entry.id.name)
            self._bundle.add_resource(resource)

    @classmethod
    def load(cls, locale: str = DEFAULT_LOCALE, directory: Path = LOCALES_DIR) -> Texts:
        """Read every ``.ftl`` file of ``directory/locale``."""
        files = sorted((directory / locale).glob("*.ftl"))
        if not files:
            raise TextError(f"no .ftl files in {directory / locale}")
        return cls(locale, {path.name: path.read_text(encoding="utf-8") for path in files})

    def msg(self, key: str, **args: Arg) -> str:
        """Render message ``key`` with ``args``; raise :class:`TextError` on any problem."""
        if not self._bundle.has_message(key):
            raise TextError(f"no text {key!r}")
        pattern = self._bundle.get_message(key).value
        if pattern is None:
            raise TextError(f"text {key!r} has no value")
        text, errors = self._bundle.format_pattern(pattern, args)
        if errors:
            raise TextError(f"text {key!r}: {errors[0]}")
        return str(text)
