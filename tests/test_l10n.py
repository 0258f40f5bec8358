"""Every text parses, every key used in code exists, and no text is left unused."""

import re
from pathlib import Path

import pytest

from core.models import InputErrorCode
from core.parsing import ParseErrorCode
from l10n import LOCALES_DIR, TextError, Texts

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for d in ("core", "bot", "l10n") for p in (ROOT / d).rglob("*.py")]
LITERAL_KEY = re.compile(r"""\.msg\(\s*["']([a-z0-9-]+)["']""")
DYNAMIC_PREFIX = re.compile(r"""\.msg\(\s*f["']([a-z0-9-]+)\{""")


def test_every_ftl_file_parses() -> None:
    texts = Texts.load()
    assert texts.keys


def test_every_key_used_in_code_exists() -> None:
    texts = Texts.load()
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text())}
    assert used - texts.keys == set()


def test_every_text_is_used_somewhere() -> None:
    texts = Texts.load()
    code = "\n".join(path.read_text() for path in SOURCES)
    ftl = "\n".join(p.read_text() for p in (LOCALES_DIR / "ru").glob("*.ftl"))
    prefixes = set(DYNAMIC_PREFIX.findall(code))
    unused = {
        key
        for key in texts.keys
        if f'"{key}"' not in code
        and f"{{ {key}" not in ftl  # used by another message as a reference
        and not any(key.startswith(prefix) for prefix in prefixes)
    }
    assert unused == set()


@pytest.mark.parametrize("code", [*ParseErrorCode, *InputErrorCode])
def test_every_refusal_has_a_russian_reason(code: ParseErrorCode | InputErrorCode) -> None:
    assert Texts.load().msg(f"error-{code.value.replace('_', '-')}")


def test_missing_key_and_missing_variable_raise() -> None:
    texts = Texts("ru", {"t.ftl": "hello = Привет, { $name }!\n"})
    assert texts.msg("hello", name="Аня") == "Привет, Аня!"
    with pytest.raises(TextError):
        texts.msg("absent")
    with pytest.raises(TextError):
        texts.msg("hello")


def test_broken_ftl_is_refused() -> None:
    with pytest.raises(TextError):
        Texts("ru", {"bad.ftl": "key = { $unclosed\n"})


def test_plural_months() -> None:
    texts = Texts.load()
    forms = {n: texts.msg("months", count=n, value=str(n)) for n in (1, 2, 5, 11, 21, 22)}
    assert forms == {
        1: "1 месяц",
        2: "2 месяца",
        5: "5 месяцев",
        11: "11 месяцев",
        21: "21 месяц",
        22: "22 месяца",
    }
