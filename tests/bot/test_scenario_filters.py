"""OwnScenario lets a scenario button through to the scenario's owner only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery, User

from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.features.scenarios.filters import OwnScenario
from bot.storage import Scenario

ALICE, MALLORY = 1, 2


class Repo:
    """Scenario 10 and 11 belong to Alice; ``get`` answers like the real repository."""

    def __init__(self) -> None:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        self.kept = {i: Scenario(i, ALICE, f"S{i}", {}, now) for i in (10, 11)}

    async def get(self, user_id: int, scenario_id: int) -> Scenario | None:
        found = self.kept.get(scenario_id)
        return found if found is not None and found.user_id == user_id else None


def press(user_id: int) -> CallbackQuery:
    user = User(id=user_id, is_bot=False, first_name="u")
    return CallbackQuery(id="q", from_user=user, chat_instance="c", data="x")


async def check(user_id: int, data: ScenarioCb, *, pair: bool = False) -> Any:
    return await OwnScenario(pair=pair)(press(user_id), data, Repo())  # type: ignore[arg-type]


async def test_the_owner_gets_the_scenarios() -> None:
    found = await check(ALICE, ScenarioCb(action=ScenarioAction.OPEN, id=10))
    assert found["scenario"].id == 10
    both = await check(
        ALICE, ScenarioCb(action=ScenarioAction.COMPARE, id=10, other=11), pair=True
    )
    assert (both["scenario"].id, both["other"].id) == (10, 11)


async def test_anyone_else_or_a_missing_id_gets_nothing() -> None:
    assert await check(MALLORY, ScenarioCb(action=ScenarioAction.OPEN, id=10)) is False
    assert await check(ALICE, ScenarioCb(action=ScenarioAction.OPEN, id=99)) is False
    compare = ScenarioCb(action=ScenarioAction.COMPARE, id=10, other=99)
    assert await check(ALICE, compare, pair=True) is False
