"""A small Dockerfile reader: stages and their instructions, continuation lines joined."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    """One instruction: ``keyword`` upper-cased, ``args`` as written (one line)."""

    keyword: str
    args: str

    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form ``CMD``/``ENTRYPOINT``/``HEALTHCHECK CMD``, else None."""
        text = self.args
        if self.keyword == "HEALTHCHECK":
            _, found, text = text.partition(" CMD ")
            if not found:
                return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None

    def words(self) -> list[str]:
        """The arguments split as a shell would."""
        return shlex.split(self.args)


@dataclass
class Stage:
    """One ``FROM`` and what follows it."""

    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        """Every instruction of that keyword, in order."""
        return [i for i in self.instructions if i.keyword == keyword]


def logical_lines(text: str) -> list[str]:
    """Lines with comments dropped and backslash continuations joined."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        if current + stripped:
            lines.append(current + stripped)
        current = ""
    return lines


def parse(path: Path) -> list[Stage]:
    """The stages of the Dockerfile at ``path``."""
    stages: list[Stage] = []
    for line in logical_lines(path.read_text(encoding="utf-8")):
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        args = args.strip()
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif not stages:
            raise ValueError(f"{path}: {keyword} before the first FROM")
        else:
            stages[-1].instructions.append(Instruction(keyword, args))
    return stages
