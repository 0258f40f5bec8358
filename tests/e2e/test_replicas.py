"""Two replicas in webhook mode on PostgreSQL and Redis, behind round-robin delivery.

The fake Telegram delivers every update to one webhook URL: a small round-robin proxy
here, which passes each request to the next replica in turn (as Caddy does in the
``scale`` profile). With one person active, each of their updates lands on the other
replica than the one before: the dialog state (Redis), the person's order (a lock per
person in Redis), scenarios (PostgreSQL) and the sending budget (Redis, one per token)
must all be shared for them to be served right.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import asyncpg
import pytest
import redis
from aiohttp import web

from bot.delivery.intake import person_of
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import SECRET_HEADER, FakeTelegram, FakeUser, SentMessage
from tests.e2e.steps import (
    INTRO,
    TOOLKIT_FILES,
    broadcasts,
    calculate,
    confirm,
    press,
    say,
    table,
    until,
    write_broadcast,
)
from tests.e2e.test_webhook import free_port, wait_ready, webhook_env
from tests.services import HOST, POSTGRES_USER, Server

pytestmark = pytest.mark.slow  # starts two bot processes

REPLICAS = 2
OWNER = 777_001
OWNER_MENU_REFUSED = ("setMyCommands", "Bad Request: chat not found")
CROWD = 150
AT_ONCE = 20
KIT_WAIT = 120.0
NBSP = "\u00a0"


@dataclass
class Delivery:
    """One request the proxy passed on."""

    update_id: int
    person: int
    replica: int
    status: int


@dataclass
class RoundRobin:
    """A reverse proxy giving each request to the next replica in turn."""

    targets: list[str]
    deliveries: list[Delivery] = field(default_factory=list)
    _next: int = 0
    _http: aiohttp.ClientSession | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        replica, self._next = self._next, (self._next + 1) % len(self.targets)
        headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        assert self._http is not None
        try:
            async with self._http.post(
                self.targets[replica], data=body, headers=headers
            ) as response:
                status, answer = response.status, await response.read()
        except aiohttp.ClientError:
            status, answer = 502, b"replica down"
        update = json.loads(body)
        self.deliveries.append(Delivery(update["update_id"], person_of(update), replica, status))
        return web.Response(status=status, body=answer)

    def replicas_of(self, person: int) -> list[int]:
        """The replica each of ``person``'s updates went to, in order (2xx only)."""
        return [d.replica for d in self.deliveries if d.person == person and d.status == 200]


@contextlib.asynccontextmanager
async def round_robin(ports: list[int]) -> AsyncIterator[tuple[RoundRobin, str]]:
    """A :class:`RoundRobin` over the webhooks on local ``ports``, served; it and its URL."""
    proxy = RoundRobin([f"http://127.0.0.1:{port}/telegram" for port in ports])
    app = web.Application()
    app.router.add_post("/telegram", proxy.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        async with aiohttp.ClientSession() as proxy._http:
            proxy_port = free_port()
            await web.TCPSite(runner, "127.0.0.1", proxy_port).start()
            yield proxy, f"http://127.0.0.1:{proxy_port}/telegram"
    finally:
        await runner.cleanup()


@dataclass
class Cluster:
    telegram: FakeTelegram
    proxy: RoundRobin
    bots: list[BotProcess]


async def _database(server: Server) -> tuple[str, str]:
    base = f"postgresql://{POSTGRES_USER}@{HOST}:{server.port}"
    name = f"replicas_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return base, name


@pytest.fixture(scope="module")
async def cluster(
    postgres_server: Server, redis_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Cluster]:
    folder = tmp_path_factory.mktemp("replicas")
    base, name = await _database(postgres_server)
    with redis.Redis(host=HOST, port=redis_server.port) as client:
        client.flushall()
    ports = [free_port() for _ in range(REPLICAS)]
    bots: list[BotProcess] = []
    async with round_robin(ports) as (proxy, public_url), FakeTelegram() as telegram:
        for number, port in enumerate(ports, 1):
            env = webhook_env(port, public_url) | {
                "DATABASE_URL": f"{base}/{name}",
                "REDIS_URL": f"redis://{HOST}:{redis_server.port}/0",
                "OWNER_IDS": str(OWNER),
            }
            bots.append(
                BotProcess(
                    telegram.url, folder / "unused.db", env, log_path=folder / f"bot-{number}.log"
                )
            )
        try:
            await asyncio.gather(*(bot.start() for bot in bots))
            await asyncio.gather(
                *(
                    wait_ready(bot, port, telegram, public_url)
                    for bot, port in zip(bots, ports, strict=True)
                )
            )
            # The owner has not written yet: each replica's try to set their menu is refused.
            await until(
                lambda: telegram.errors.count(OWNER_MENU_REFUSED) == REPLICAS,
                30,
                "the owner's menu to be tried",
            )
            telegram.errors.clear()
            yield Cluster(telegram, proxy, bots)
        finally:
            codes = await asyncio.gather(*(bot.stop() for bot in bots))
    for bot, code in zip(bots, codes, strict=True):
        log = bot.log_text()
        assert code == 0, f"{bot.log_path} exited with {code}:\n{log[-3000:]}"
        assert "Traceback" not in log, f"{bot.log_path}:\n{log}"
        assert telegram.token.partition(":")[2] not in log
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def live(cluster: Cluster) -> Cluster:
    """The cluster; the test fails if a replica broke one of Telegram's rules meanwhile."""
    cluster.telegram.errors.clear()
    return cluster


async def receive_kit(user: FakeUser) -> list[SentMessage]:
    """The kit (an album of three files, then «calculate»), however long the crowd takes."""
    *documents, outro = await user.wait_messages(4, timeout=KIT_WAIT)
    assert [d.file_name for d in documents] == TOOLKIT_FILES
    assert len({d.media_group_id for d in documents}) == 1
    assert INTRO in outro.text
    return documents


def alternating(replicas: list[int]) -> bool:
    return all(a != b for a, b in itertools.pairwise(replicas))


async def test_a_calculation_with_every_update_on_the_other_replica(live: Cluster) -> None:
    user = live.telegram.user(8001)
    chart, summary = await calculate(user, "3 000")
    assert chart.kind == "photo" and (chart.photo or b"").startswith(b"\x89PNG")
    assert f"48{NBSP}000{NBSP}₽" in summary.text
    went = live.proxy.replicas_of(user.id)
    assert len(went) >= 7  # /calc, the model, four answers, «Рассчитать»
    assert set(went) == {0, 1}
    assert alternating(went), went
    assert live.telegram.errors == []


async def test_a_scenario_saved_through_one_is_listed_through_the_other(live: Cluster) -> None:
    user = live.telegram.user(8002)
    _, summary = await calculate(user, "6 000")
    prompt = await press(user, summary, "Сохранить")
    assert "Как назвать сценарий" in prompt.text
    await user.send("Две реплики")
    saved = await user.wait_message()
    assert "«Две реплики»" in saved.text
    saved_on = live.proxy.replicas_of(user.id)[-1]
    await user.send("/scenarios")
    listing = await user.wait_message()
    listed_on = live.proxy.replicas_of(user.id)[-1]
    assert listed_on != saved_on
    assert any("Две реплики" in text for text, _ in listing.buttons())
    assert alternating(live.proxy.replicas_of(user.id))
    assert live.telegram.errors == []


async def test_many_people_calculating_at_once_all_finish(live: Cluster) -> None:
    users = [live.telegram.user(8100 + n) for n in range(AT_ONCE)]
    results = await asyncio.gather(
        *(calculate(user, f"{3000 + n}") for n, user in enumerate(users))
    )
    assert all(chart.kind == "photo" for chart, _ in results)
    assert all("LTV" in summary.text for _, summary in results)
    served = {d.replica for user in users for d in live.proxy.deliveries if d.person == user.id}
    assert served == {0, 1}
    assert live.telegram.errors == []


@pytest.mark.paced
async def test_a_crowd_under_the_flood_limit_is_served_without_a_429(live: Cluster) -> None:
    telegram = live.telegram
    telegram.global_rate = 30
    telegram.enforce_rate_limit = True
    before = telegram.too_many_requests
    try:
        crowd = [telegram.user(9000 + n) for n in range(CROWD)]
        for user in crowd:
            await user.send("LTV")
        kits = await asyncio.gather(*(receive_kit(user) for user in crowd))
    finally:
        telegram.enforce_rate_limit = False
    assert len(kits) == CROWD
    assert telegram.too_many_requests == before == 0
    assert telegram.errors == []
    by_replica = {d.replica for d in live.proxy.deliveries if d.person >= 9000}
    assert by_replica == {0, 1}
    sent = sorted(t for user in crowd for t in telegram.sent_at[user.id])
    assert len(sent) == CROWD * 4


async def test_the_owners_stats_and_broadcast_work_through_the_replicas(live: Cluster) -> None:
    people = [live.telegram.user(9600 + n) for n in range(3)]
    for user in people:
        await user.send("/start ltv_rep")
        await receive_kit(user)
    owner = live.telegram.user(OWNER, "Автор")
    stats = await say(owner, "/stats")
    assert "rep — пришли 3\nнабор 3 (100\xa0%)" in stats.text
    came = table(stats)["Пришли"][-1]
    assert came >= len(people) + 1

    _, panel = await write_broadcast(owner)
    assert f"получат {came} " in panel.text, "everyone who wrote to either replica"
    await confirm(owner, panel)
    report = await owner.wait_message(120, lambda m: "Рассылка завершена" in m.text)
    assert f"Доставлено: {came}" in report.text
    assert all(broadcasts(user) == 1 for user in people)
    assert live.telegram.errors == []
