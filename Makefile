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
# Two pytest runs at once, for two cores. The tests under Telegram's flood control (marked
# ``paced``: ~2.5 min of crowds, broadcasts and replicas, mostly waiting for Telegram's pace)
# run one after another in a run of their own, so that no two paced crowds overlap; all the
# others share both cores meanwhile (pytest-xdist). A paced crowd still peaks at the 25
# messages a second its bot allows (the fake refuses beyond 30) with both cores loaded.
# The paced run's output is printed after the other's.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest
test: lint services
	@log=$$(mktemp); \
	$(PYTEST) -m paced tests/e2e >$$log 2>&1 & paced=$$!; \
	$(PYTEST) -n 2 -m "not paced"; others=$$?; \
	wait $$paced; paced_status=$$?; \
	echo "== the paced tests (flood control), run beside the others:"; cat $$log; rm -f $$log; \
	[ $$others -eq 0 ] && [ $$paced_status -eq 0 ]

bench: $(STAMP_DEV)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis build *.egg-info
