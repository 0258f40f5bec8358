"""LTV-бот: the Telegram adapter (aiogram handlers, dialog, storage)."""
