"""Dispatcher middlewares: infrastructure every update passes through."""

from bot.middlewares.session import SessionMiddleware
from bot.middlewares.state_unit import StateUnit

__all__ = ["SessionMiddleware", "StateUnit"]
