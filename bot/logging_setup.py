"""Logging that never prints the bot token (aiogram puts it in request URLs)."""

from __future__ import annotations

import logging


class MaskingFormatter(logging.Formatter):
    """Replaces every occurrence of the secret in the final line, tracebacks included."""

    def __init__(self, fmt: str, secret: str) -> None:
        super().__init__(fmt)
        self._secret = secret
        self._mask = f"{secret.split(':', 1)[0]}:***"

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then mask the secret."""
        return super().format(record).replace(self._secret, self._mask)


def configure_logging(level: str, secret: str) -> None:
    """Send all logs to stderr through the masking formatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secret)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # aiogram logs every update handled at INFO: a line per step says nothing an owner needs.
    logging.getLogger("aiogram.event").setLevel(max(root.level, logging.WARNING))
