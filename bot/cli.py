"""``python -m bot [run | healthcheck | set-webhook]``: settings → logging → the command.

- ``run`` (the default): :func:`bot.runner.run` until stopped;
- ``healthcheck``: exit 0 when the bot can serve, 1 when not, one line either way. In
  webhook mode it asks this host's server (``GET /healthz``, which checks the database);
  in polling mode it checks that the database (and Redis, when set) answer;
- ``set-webhook``: give Telegram ``WEBHOOK_URL``, the secret and the update types, now.

A start that cannot succeed prints one Russian line naming the setting and exits 2:
never a traceback, never the token.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Final

from pydantic import ValidationError

from bot.config import WEBHOOK_INCOMPLETE, Settings, StartupError
from bot.logging_setup import configure_logging
from l10n import Texts

COMMANDS: Final = ("run", "healthcheck", "set-webhook")
UNHEALTHY: Final = 1
REFUSED: Final = 2


def _settings_problem(error: ValidationError, texts: Texts) -> str:
    problems = error.errors()
    fields = {str(e["loc"][0]) for e in problems if e["loc"]}
    if "bot_token" in fields:
        return texts.msg("startup-no-token")
    if not fields and problems and problems[0]["type"] == WEBHOOK_INCOMPLETE:
        missing = str((problems[0].get("ctx") or {}).get("missing", "WEBHOOK_URL"))
        return texts.msg("startup-webhook-incomplete", names=missing)
    return texts.msg("startup-bad-setting", names=", ".join(sorted(f.upper() for f in fields)))


def _line(texts: Texts, problem: StartupError) -> str:
    return texts.msg(problem.key, **problem.args_)


def _healthcheck(settings: Settings, texts: Texts) -> int:
    # Imported here, and light: the check of a running container answers in under a second.
    from bot.health import probe_storage, probe_webhook

    try:
        if settings.bot_mode == "webhook":
            asyncio.run(probe_webhook(settings))
        else:
            asyncio.run(probe_storage(settings))
    except StartupError as problem:
        print(texts.msg("health-bad", reason=_line(texts, problem)))
        return UNHEALTHY
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(
            texts.msg(
                "health-bad", reason=reason.replace(settings.bot_token.get_secret_value(), "***")
            )
        )
        return UNHEALTHY
    print(texts.msg("health-ok", mode=settings.bot_mode))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command; exit code 2 with one line when the settings are wrong."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "run"
    texts = Texts.load()
    if command not in COMMANDS or len(args) > 1:
        print(texts.msg("startup-usage", commands=", ".join(COMMANDS)), file=sys.stderr)
        return REFUSED
    try:
        settings = Settings()
    except ValidationError as error:
        print(_settings_problem(error, texts), file=sys.stderr)
        return UNHEALTHY if command == "healthcheck" else REFUSED
    if command == "healthcheck":
        return _healthcheck(settings, texts)
    configure_logging(settings.log_level, settings.bot_token.get_secret_value())
    os.umask(0o077)  # the database, its journal and anything else written: this user's only

    from bot.runner import run, set_webhook

    try:
        if command == "set-webhook":
            asyncio.run(set_webhook(settings, texts))
            print(texts.msg("webhook-set", url=settings.webhook_url or ""))
        else:
            asyncio.run(run(settings, texts))
    except StartupError as problem:
        print(_line(texts, problem), file=sys.stderr)
        return REFUSED
    return 0
