# Two commands do all set-up on a fresh machine:
#   make demo   build the Shaoxing sample, print the enterprise–school table, write out/shaoxing.html
#   make test   install what the tests need (system packages too, when run as root), lint, run every test
#   make notebooks  open the analyst notebooks in JupyterLab with the project's environment
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# System packages the tests need: a JDK and Maven for the managed Neo4j server,
# Chromium for the map tests, a CJK font for charts and screenshots.
SYSTEM_PACKAGES := chromium fonts-noto-cjk openjdk-17-jre-headless maven
SYSTEM_COMMANDS := chromium fc-list java mvn

.PHONY: demo test lint system-deps clean help notebooks bench bench-quick robustness

help:
	@echo "make demo   build the Shaoxing sample and write out/shaoxing.html"
	@echo "make test   lint and run the whole test suite (installs what it needs)"
	@echo "make notebooks  open notebooks/ in JupyterLab (JUPYTER_ARGS=--no-browser to add options)"
	@echo "make bench  the benchmark suite at 10k, 100k and 1M relationships (see BENCHMARKS.md)"
	@echo "make bench-quick  the smallest size, fewer repeats (a few minutes)"
	@echo "make robustness  the robustness tests with at least 20 random kills per store"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "iekg needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/iekg build
	$(BIN)/iekg query connections
	$(BIN)/iekg viz -o out/shaoxing.html

system-deps:
	@missing=""; for c in $(SYSTEM_COMMANDS); do command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages (missing:$$missing)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "missing:$$missing; run: sudo apt-get install $(SYSTEM_PACKAGES)"; exit 1; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest

# notebooks/*.py are the source (jupytext py:percent); --sync writes the paired .ipynb
# (kept out of git) and keeps both in step, and JupyterLab saves to both.
NOTEBOOK_STAMP := $(VENV)/.notebooks-installed
JUPYTER_ARGS ?=

$(NOTEBOOK_STAMP): $(STAMP) notebooks/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r notebooks/requirements.txt
	@touch $(NOTEBOOK_STAMP)

notebooks: $(NOTEBOOK_STAMP)
	$(BIN)/jupytext --sync notebooks/*.py
	$(BIN)/jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(JUPYTER_ARGS)

# The benchmark suite (BENCHMARKS.md). The peer, neo4j-graphrag, has its own
# environment: it pulls in scipy and pydantic, which the project does not use.
PEER := bench/.venv-peer/.installed
$(PEER): bench/requirements-peer.txt
	$(PYTHON) -m venv bench/.venv-peer
	bench/.venv-peer/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	$(BIN)/python bench/peer_setup.py
	@touch $@

bench: $(STAMP) system-deps $(PEER)
	$(BIN)/python bench/embedded.py --sizes 10k,100k --repeats 3
	$(BIN)/python bench/embedded.py --sizes 1M --repeats 3
	$(BIN)/python bench/neo4j_load.py --sizes 10k --repeats 3 --sweep-sizes 10k
	$(BIN)/python bench/neo4j_load.py --sizes 100k --repeats 3 --sweep-sizes 100k
	$(BIN)/python bench/neo4j_load.py --sizes 1M --largest-repeats 1 --no-peer --sweep-sizes none
	$(BIN)/python bench/questions.py --sizes 10k,100k --repeats 5 --budget 20 --limit 60
	$(BIN)/python bench/questions.py --sizes 1M --repeats 3 --budget 60 --limit 60
	$(BIN)/python bench/neo4j_first_calls.py --size 1M --repeats 2
	$(BIN)/python bench/cli_exit.py --sizes 100k,1M --repeats 3
	$(BIN)/python bench/kept_memory.py --size 1M
	$(BIN)/python bench/articles.py --count 100 --repeats 5
	$(BIN)/python bench/map_interactive.py
	$(BIN)/python bench/profile_step.py --step tables --size 100k
	$(BIN)/python bench/profile_step.py --step build --size 100k
	$(BIN)/python bench/profile_step.py --step build --size 1M
	$(BIN)/python bench/profile_step.py --step save --size 100k
	$(BIN)/python bench/profile_step.py --step load --size 100k

# Results go to bench/results/quick/, leaving the full run's files alone.
bench-quick: $(STAMP) system-deps $(PEER)
	IEKG_BENCH_RESULTS=bench/results/quick $(BIN)/python bench/embedded.py --sizes 10k --repeats 2
	IEKG_BENCH_RESULTS=bench/results/quick $(BIN)/python bench/neo4j_load.py --sizes 10k --repeats 1
	IEKG_BENCH_RESULTS=bench/results/quick $(BIN)/python bench/questions.py --sizes 10k --repeats 3 --budget 3
	IEKG_BENCH_RESULTS=bench/results/quick $(BIN)/python bench/articles.py --count 50 --repeats 2

# The robustness tests (README, "Guarantees") with the full count of random
# kills: at least 20 per store, where `make test` runs a few. Prints the tally.
robustness: $(STAMP) system-deps
	rm -f test-artifacts/robustness-kills.json
	IEKG_KILL_TRIALS=20 $(BIN)/python -m pytest tests/robustness
	$(BIN)/python -m tests.robustness.kill_load

clean:
	rm -rf .iekg out .pytest_cache
