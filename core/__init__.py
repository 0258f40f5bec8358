"""Pure unit-economics engine: no aiogram, no database, no network."""
