"""The filter that lets a saved scenario's button through to its owner only.

A scenario button carries ids (:class:`~bot.features.scenarios.callbacks.ScenarioCb`),
and anyone can forge or replay callback data. :class:`OwnScenario` reads each id with
``repo.get(user_id, id)``, which finds the presser's own scenarios only, and hands
the handler the scenarios themselves; a button whose scenario is missing, deleted
or someone else's passes no handler guarded by it, and the scenario router's last
handler answers it with "not found".
"""

from __future__ import annotations

from typing import Final

from aiogram.filters import Filter
from aiogram.types import CallbackQuery

from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.storage import Scenario, ScenarioRepository

WITH_ID: Final = frozenset(
    {
        ScenarioAction.OPEN,
        ScenarioAction.OPEN_HERE,
        ScenarioAction.EDIT,
        ScenarioAction.RENAME,
        ScenarioAction.DELETE,
        ScenarioAction.DELETE_YES,
        ScenarioAction.KEEP,
        ScenarioAction.PICK,
        ScenarioAction.PICK_PAGE,
        ScenarioAction.COMPARE,
    }
)
"""The buttons that carry a scenario id, so are guarded by :class:`OwnScenario`."""


class OwnScenario(Filter):
    """Passes when the presser owns scenario ``id`` (and ``other``, with ``pair=True``).

    The handler receives it as ``scenario`` (and the other one as ``other``).
    """

    def __init__(self, *, pair: bool = False) -> None:
        self.pair = pair

    async def __call__(
        self, query: CallbackQuery, callback_data: ScenarioCb, repo: ScenarioRepository
    ) -> bool | dict[str, Scenario]:
        user_id = query.from_user.id
        scenario = await repo.get(user_id, callback_data.id)
        if scenario is None:
            return False
        if not self.pair:
            return {"scenario": scenario}
        other = await repo.get(user_id, callback_data.other)
        return False if other is None else {"scenario": scenario, "other": other}
