"""Middlewares: session (request) middlewares for the Bot API client."""

from bot.middlewares.retry import RetryMiddleware

__all__ = ["RetryMiddleware"]
