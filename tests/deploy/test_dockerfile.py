"""The Dockerfile: its shape, and its build stage replayed in a temporary folder.

No Docker engine runs here, so ``test_build_stage_installs_a_working_bot`` does what the build
stage does — its ENV, WORKDIR, COPY and RUN lines, container paths moved under a temporary
root — with this machine's Python 3.11, then runs the result the way the runtime stage does:
only the venv kept, from the runtime WORKDIR, with the runtime ENV.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l10n import Texts
from tests.deploy.dockerfile import Instruction, Stage, parse

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
BASE_IMAGE = "python:3.11-slim-bookworm"
STEP_TIMEOUT = 180.0
VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)\}")


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse(DOCKERFILE)


def test_two_stages_on_the_pinned_slim_image(stages: list[Stage]) -> None:
    assert [s.base for s in stages] == [BASE_IMAGE, BASE_IMAGE]
    assert stages[0].name == "build"
    copies = [i.words() for i in stages[1].all("COPY")]
    assert copies == [["--from=build", "/opt/venv", "/opt/venv"]], "only the venv is carried over"


def test_the_build_installs_without_dev_extras(stages: list[Stage]) -> None:
    runs = " ".join(i.args for i in stages[0].all("RUN"))
    assert "pip install ." in runs
    assert "[dev]" not in runs


def test_runtime_runs_unprivileged_from_app(stages: list[Stage]) -> None:
    final = stages[-1]
    users = final.all("USER")
    assert users, "the final stage must switch to a user"
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}
    assert final.all("WORKDIR")[-1].args == "/app"
    assert [i.exec_form() for i in final.all("VOLUME")] == [["/app/data"]]
    assert [i.args for i in final.all("EXPOSE")] == ["8080"]
    env = " ".join(i.args for i in final.all("ENV"))
    assert "PYTHONUNBUFFERED=1" in env
    assert "PYTHONDONTWRITEBYTECODE=1" in env


def test_the_data_volume_is_private_to_the_bot_user(stages: list[Stage]) -> None:
    """The database lives in /app/data: its folder is the bot user's and closed to others."""
    runs = " ".join(i.args for i in stages[-1].all("RUN"))
    assert "chown bot:bot /app/data" in runs
    assert "chmod 0700 /app/data" in runs


def test_exec_form_command_and_healthcheck(stages: list[Stage]) -> None:
    final = stages[-1]
    assert [i.exec_form() for i in final.all("CMD")] == [["python", "-m", "bot"]]
    (health,) = final.all("HEALTHCHECK")
    assert health.exec_form() == ["python", "-m", "bot", "healthcheck"]
    for option in ("--interval=30s", "--timeout=5s", "--start-period=20s", "--retries=3"):
        assert option in health.words()


def test_no_env_file_reaches_the_image(stages: list[Stage]) -> None:
    for stage in stages:
        for copy in stage.all("COPY") + stage.all("ADD"):
            sources = [w for w in copy.words() if not w.startswith("--")][:-1]
            assert not any(Path(s).name.startswith(".env") for s in sources), copy.args
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".git", ".venv", "data", "*.db", "tests", "bench"} <= set(ignored)


def _inside(root: Path, value: str) -> str:
    """Absolute paths of a ``:``-separated ENV value moved under ``root``."""
    return ":".join(f"{root}{p}" if p.startswith("/") else p for p in value.split(":"))


def _expand(value: str, env: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), value)


def _apply_env(instruction: Instruction, env: dict[str, str], root: Path) -> None:
    for word in instruction.words():
        key, _, value = word.partition("=")
        env[key] = _expand(_inside(root, value), env)


def _copy(instruction: Instruction, workdir: Path) -> None:
    *sources, target = instruction.words()
    destination = workdir / target
    for source in (ROOT / s for s in sources):
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, destination, dirs_exist_ok=True, ignore=ignore)
        else:
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / source.name)


def _run(
    command: str, cwd: Path, env: dict[str, str], expect: int = 0
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == expect, f"{command!r} exited {result.returncode}:\n{output}"
    return result


def _replay_build(stage: Stage, root: Path) -> Path:
    """Do the build stage's steps under ``root``; return its (mapped) WORKDIR."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    workdir = root
    for instruction in stage.instructions:
        if instruction.keyword == "ENV":
            _apply_env(instruction, env, root)
        elif instruction.keyword == "WORKDIR":
            workdir = Path(_inside(root, instruction.args))
            workdir.mkdir(parents=True, exist_ok=True)
        elif instruction.keyword == "COPY":
            _copy(instruction, workdir)
        elif instruction.keyword == "RUN":
            command = instruction.args
            while command.startswith("--"):  # --mount=type=cache: this machine's pip cache serves
                command = command.split(" ", 1)[1].lstrip()
            _run(command, workdir, env)
        else:
            raise AssertionError(f"the replay does not know {instruction.keyword}")
    return workdir


@pytest.mark.slow
def test_build_stage_installs_a_working_bot(stages: list[Stage], tmp_path: Path) -> None:
    build, runtime = stages
    source = _replay_build(build, tmp_path)
    shutil.rmtree(source)  # the runtime stage copies only the venv

    env = {"HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    for instruction in runtime.all("ENV"):
        _apply_env(instruction, env, tmp_path)
    env["PATH"] = f"{env['PATH']}:/usr/bin:/bin"
    app = Path(_inside(tmp_path, runtime.all("WORKDIR")[-1].args))
    app.mkdir()

    venv = Path(env["VIRTUAL_ENV"])
    where = _run(
        "python -c 'import bot, core, l10n; from l10n import Texts; Texts.load(); "
        "print(l10n.__file__, bot.__file__, core.__file__)'",
        app,
        env,
    )
    assert all(Path(p).is_relative_to(venv) for p in where.stdout.split())

    figures = _run(
        "python -m core --model purchases --price '10 000' --churn 70 --margin 60 --cac 3000 "
        "--per-year 2",
        app,
        env,
    )
    assert json.loads(figures.stdout)["ltv"] > 0

    refused = _run("python -m bot", app, env, expect=2)
    assert refused.stderr.strip() == Texts.load().msg("startup-no-token")
