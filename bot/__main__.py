"""``python -m bot``: settings → logging → :func:`bot.runner.run` until stopped."""

from __future__ import annotations

import asyncio
import os
import sys

from pydantic import ValidationError

from bot.config import WEBHOOK_INCOMPLETE, Settings, StartupError
from bot.logging_setup import configure_logging
from bot.runner import run
from l10n import Texts


def _settings_problem(error: ValidationError, texts: Texts) -> str:
    problems = error.errors()
    fields = {str(e["loc"][0]) for e in problems if e["loc"]}
    if "bot_token" in fields:
        return texts.msg("startup-no-token")
    if not fields and problems and problems[0]["type"] == WEBHOOK_INCOMPLETE:
        missing = str((problems[0].get("ctx") or {}).get("missing", "WEBHOOK_URL"))
        return texts.msg("startup-webhook-incomplete", names=missing)
    return texts.msg("startup-bad-setting", names=", ".join(sorted(f.upper() for f in fields)))


def main() -> int:
    """Run the bot; exit code 2 with one line when the settings are wrong."""
    texts = Texts.load()
    try:
        settings = Settings()
    except ValidationError as error:
        print(_settings_problem(error, texts), file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.bot_token.get_secret_value())
    os.umask(0o077)  # the database, its journal and anything else written: this user's only
    try:
        asyncio.run(run(settings, texts))
    except StartupError as problem:
        print(texts.msg(problem.key, **problem.args_), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
