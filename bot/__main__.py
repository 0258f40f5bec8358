"""``python -m bot``: settings → logging → :func:`bot.runner.run` until stopped."""

from __future__ import annotations

import asyncio
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.runner import run
from l10n import Texts


def _settings_problem(error: ValidationError, texts: Texts) -> str:
    fields = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
    if "bot_token" in fields:
        return texts.msg("startup-no-token")
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
    asyncio.run(run(settings, texts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
