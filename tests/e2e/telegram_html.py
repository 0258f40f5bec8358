"""Telegram's HTML parse mode, applied the way the Bot API server applies it.

A port of tdlib's ``parse_html`` (``td/telegram/MessageEntity.cpp``): the same tags and
attributes, the same error messages with the same UTF-8 byte offsets, entity offsets and
lengths in UTF-16 code units. Two simplifications: ``<a href>`` always gives a ``text_link``
(no user mentions, no link check) and the text is trimmed by :func:`strip` rather than by
tdlib's full ``fix_formatted_text``.

One deliberate difference: with ``strict=True`` an ``&`` that does not start an entity
Telegram understands (``&lt; &gt; &amp; &quot;`` and numeric ``&#123; &#x1F;``) is refused,
whereas Telegram shows it as typed. A bare ``&`` in the text means a value went into the
message without ``html.escape``, and the next value (``&lt;b&gt;``) would then be garbled.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]
"""A MessageEntity as the Bot API returns it (``type``, ``offset``, ``length``, ...)."""

_END = "\0"  # what tdlib reads past the end of its NUL-terminated string
_SPACE = " \t\r\n\v\f\0"  # tdlib's is_space(), NUL included
_TRIMMED = " \t\r\n\v\f"
_INTEGER = re.compile(r"-?[0-9]+")
_ALNUM = frozenset(string.ascii_letters + string.digits)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_TAGS = frozenset({*_SIMPLE_TAGS, "a", "code", "pre", "blockquote", "tg-emoji"})


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is Telegram's reason."""


@dataclass(frozen=True)
class FormattedText:
    """Plain text and its entities, as Telegram stores a message."""

    text: str
    entities: list[Entity] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of every Telegram limit."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str, *, strict: bool = True) -> FormattedText:
    """Parse ``source`` as Telegram HTML; raise :class:`HtmlError` where Telegram would."""
    return _HtmlParser(source, strict).parse()


def strip(formatted: FormattedText) -> FormattedText:
    """Trim leading and trailing whitespace as Telegram does, moving entities along."""
    text = formatted.text
    tail_trimmed = text.rstrip(_TRIMMED)
    result = tail_trimmed.lstrip(_TRIMMED)
    head = utf16_len(tail_trimmed[: len(tail_trimmed) - len(result)])
    size = utf16_len(result)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - head, 0)
        end = min(entity["offset"] + entity["length"] - head, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(result, entities)


def _decode_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at ``source[pos] == "&"``: (character, next position).

    None when it is not one Telegram understands (tdlib's ``decode_html_entity``).
    """
    end = pos + 1
    if source.startswith("#", end):
        end += 1
        is_hex = source.startswith("x", end)
        digits = string.hexdigits if is_hex else string.digits
        end += is_hex
        start = end
        while end < len(source) and source[end] in digits:
            end += 1
        code = int(source[start:end], 16 if is_hex else 10) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise HtmlError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        char = chr(code)
    else:
        while end < len(source) and source[end] in string.ascii_letters:
            end += 1
        named = _NAMED_ENTITIES.get(source[pos + 1 : end])
        if named is None:
            return None
        char = named
    if source.startswith(";", end):
        end += 1
    return char, end


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_index: int  # where the tag's content starts in the output characters


class _HtmlParser:
    """One pass over the source, as in tdlib: output text, entities, a stack of open tags."""

    def __init__(self, source: str, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.out: list[str] = []
        self.utf16_offset = 0
        self.entities: list[Entity] = []
        self.open_tags: list[_OpenTag] = []

    def parse(self) -> FormattedText:
        i = 0
        while i < len(self.source):
            char = self.source[i]
            if char == "&":
                decoded = _decode_entity(self.source, i)
                if decoded is not None:
                    self.append(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict:
                    raise HtmlError(
                        f'Unescaped "&" at byte offset {self.byte_offset(i)}: write it as &amp;'
                    )
            if char != "<":
                self.append(char)
                i += 1
            elif self.at(i + 1) == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.open_tags:
            name = self.open_tags[-1].name
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{name}"')
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return FormattedText("".join(self.out), self.entities)

    def at(self, i: int) -> str:
        return self.source[i] if i < len(self.source) else _END

    def is_space(self, i: int) -> bool:
        return self.at(i) in _SPACE

    def skip_spaces(self, i: int) -> int:
        while self.at(i) != _END and self.is_space(i):
            i += 1
        return i

    def byte_offset(self, i: int) -> int:
        return len(self.source[:i].encode())

    def append(self, char: str) -> None:
        self.out.append(char)
        self.utf16_offset += 2 if ord(char) > 0xFFFF else 1

    def start_tag(self, begin: int) -> int:
        """Parse ``<name attr=value ...>`` at ``begin``; return the index after it."""
        where = f"at byte offset {self.byte_offset(begin)}"
        i = begin + 1
        while not self.is_space(i) and self.at(i) != ">":
            i += 1
        if self.at(i) == _END:
            raise HtmlError(f"Unclosed start tag {where}")
        name = self.source[begin + 1 : i].lower()
        if name not in _TAGS:
            raise HtmlError(f'Unsupported start tag "{name}" {where}')
        argument = ""
        while self.at(i) != ">":
            i = self.skip_spaces(i)
            if self.at(i) == ">":
                break
            attribute_begin = i
            while not self.is_space(i) and self.at(i) not in "=>/\"'":
                i += 1
            attribute = self.source[attribute_begin:i]
            if not attribute:
                raise HtmlError(f'Empty attribute name in the tag "{name}" {where}')
            i = self.skip_spaces(i)
            if self.at(i) != "=":
                if self.at(i) == _END:
                    raise HtmlError(f'Unclosed start tag "{name}" {where}')
                if name == "blockquote" and attribute == "expandable":
                    argument = "1"
                continue
            i = self.skip_spaces(i + 1)
            if self.at(i) == _END:
                raise HtmlError(f'Unclosed start tag "{name}" {where}')
            value, i = self.attribute_value(i)
            if self.at(i) == _END:
                raise HtmlError(f"Unclosed start tag {where}")
            argument = _tag_argument(name, attribute, value, argument)
        if name == "span" and argument != "spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" {where}')
        self.open_tags.append(_OpenTag(name, argument, self.utf16_offset, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        """Parse a quoted string or a bare name token at ``i``: (value, next index)."""
        quote = self.at(i)
        if quote not in "'\"":
            token_begin = i
            while self.at(i) in _ALNUM or self.at(i) in ".-":
                i += 1
            if not self.is_space(i) and self.at(i) != ">":
                offset = self.byte_offset(token_begin)
                raise HtmlError(f"Unexpected end of name token at byte offset {offset}")
            return self.source[token_begin:i].lower(), i
        i += 1
        chars: list[str] = []
        while self.at(i) != quote and self.at(i) != _END:
            decoded = _decode_entity(self.source, i) if self.at(i) == "&" else None
            if decoded is None:
                chars.append(self.at(i))
                i += 1
            else:
                chars.append(decoded[0])
                i = decoded[1]
        if self.at(i) == quote:
            i += 1
        return "".join(chars), i

    def end_tag(self, begin: int) -> int:
        """Parse ``</name>`` at ``begin``, closing the innermost tag; return the index after it."""
        where = f"at byte offset {self.byte_offset(begin)}"
        if not self.open_tags:
            raise HtmlError(f"Unexpected end tag {where}")
        i = begin + 2
        while not self.is_space(i) and self.at(i) != ">":
            i += 1
        end_name = self.source[begin + 2 : i].lower()
        i = self.skip_spaces(i)
        if self.at(i) != ">":
            raise HtmlError(f"Unclosed end tag {where}")
        tag = self.open_tags[-1]
        if end_name and end_name != tag.name:
            raise HtmlError(
                f'Unmatched end tag {where}, expected "</{tag.name}>", found "</{end_name}>"'
            )
        if self.utf16_offset > tag.utf16_offset:
            self.add_entity(tag)
        self.open_tags.pop()
        return i + 1

    def add_entity(self, tag: _OpenTag) -> None:
        """Turn a closed tag into its entity, merging ``<pre><code class=...>`` as tdlib does."""
        span: Entity = {
            "offset": tag.utf16_offset,
            "length": self.utf16_offset - tag.utf16_offset,
        }
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and all(last[key] == span[key] for key in span)
        if tag.name in _SIMPLE_TAGS:
            self.entities.append({"type": _SIMPLE_TAGS[tag.name], **span})
        elif tag.name == "tg-emoji":
            if not _INTEGER.fullmatch(tag.argument) or int(tag.argument) == 0:
                raise HtmlError("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": tag.argument})
        elif tag.name == "a":
            url = tag.argument or "".join(self.out[tag.text_index :])
            self.entities.append({"type": "text_link", **span, "url": url})
        elif tag.name == "pre":
            if last is not None and same_span and last["type"] == "code" and "language" in last:
                last["type"] = "pre"
            else:
                self.entities.append({"type": "pre", **span})
        elif tag.name == "code":
            if last is not None and same_span and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            else:
                language = {"language": tag.argument} if tag.argument else {}
                self.entities.append({"type": "code", **span, **language})
        else:  # blockquote
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append({"type": kind, **span})


def _tag_argument(tag: str, attribute: str, value: str, current: str) -> str:
    """The argument an attribute gives its tag (tdlib keeps one per tag; others are ignored)."""
    if tag == "a" and attribute == "href":
        return value
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == "emoji-id":
        return value
    if tag == "blockquote" and attribute == "expandable":
        return "1"
    return current
