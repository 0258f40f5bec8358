PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint format bench clean services

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/python -m bot

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/hadolint Dockerfile

format: $(STAMP_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The tests start their own PostgreSQL and Redis (tests/services.py); this only installs them.
define apt_install
{ echo "make: $(1) is missing, installing it with apt-get"; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; } \
  || echo "make: could not install $(1): install it yourself, the tests that need it will fail"
endef

services:
	@command -v redis-server >/dev/null || $(call apt_install,redis-server)
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || $(call apt_install,postgresql)

# Bytecode is cached even where the environment turns it off: each of the bot processes
# the tests start would otherwise compile the project again (and pytest its rewritten tests).
# One run on three workers (pytest-xdist) for two cores: the tests under Telegram's flood
# control (marked ``paced``, ~2.5 min of crowds, broadcasts and replicas) run one after
# another on one worker and mostly wait for Telegram's pace, while two workers keep both
# cores busy with the rest. A paced crowd still peaks at the 25 messages a second its bot
# allows (the fake refuses beyond 30), measured with both cores loaded.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest
test: lint services
	$(PYTEST) -n 3 --dist loadgroup

bench: $(STAMP_DEV)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis build *.egg-info
