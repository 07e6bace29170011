# kpu-publisher — run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROOT ?= datapackages

.PHONY: help install lock demo test test-unit check lint fmt typecheck bench docs browser \
        ckan-local ckan-stop ckan-reset ckan-docker clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the publisher with its dev tools (versions: constraints.txt)

lock: install ## Pin the venv's versions in constraints.txt (after changing dependencies)
	@{ head -2 constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | \
	  grep -v '^kpu-publisher'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

demo: install ## The main job on the bundled collection: scan, build, validate, publish, report
	$(BIN)/publisher scan $(ROOT)
	$(BIN)/publisher build $(ROOT)
	$(BIN)/publisher validate $(ROOT)
	@if [ -z "$$CKAN_URL" ] || [ -z "$$CKAN_API_TOKEN" ]; then bash localckan/ckan-local.sh up; fi
	@set -a; [ -n "$$CKAN_URL" ] || . .local/ckan/env; set +a; \
	  $(BIN)/publisher sync $(ROOT) && \
	  $(BIN)/publisher report $(ROOT) && \
	  $(BIN)/publisher report $(ROOT) --format html --output report.html && \
	  echo "Published: $$CKAN_URL/dataset/  ·  dashboard: $(CURDIR)/report.html"

test: install browser ## All tests (sets up the local CKAN for the integration tests)
	@if [ -z "$$CKAN_URL" ] || [ -z "$$CKAN_API_TOKEN" ]; then bash localckan/ckan-local.sh up; fi
	$(BIN)/python -m pytest

test-unit: install browser ## Tests that need no CKAN
	$(BIN)/python -m pytest -m "not integration"

lint: install ## ruff lint and format check
	$(BIN)/ruff check publisher tests tools localckan benchmarks
	$(BIN)/ruff format --check publisher tests tools localckan benchmarks

fmt: install ## Format the code with ruff
	$(BIN)/ruff check --fix publisher tests tools localckan benchmarks
	$(BIN)/ruff format publisher tests tools localckan benchmarks

typecheck: install ## mypy --strict on publisher/
	$(BIN)/mypy --strict publisher

check: lint typecheck test ## ruff, mypy --strict, tests: green before every commit

bench: install ## Benchmarks (figures go to docs/benchmarks.md)
	@ls benchmarks/*.py >/dev/null 2>&1 && for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done || echo "no benchmarks yet"

browser: ## Install headless Chromium (Debian's chromium) for the browser tests
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean: ## Remove the venv and caches (not the local CKAN: see ckan-reset)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# --- local CKAN (issue 3) -------------------------------------------------
ckan-local: ## Install (first time) and start a real CKAN 2.12 on 127.0.0.1:5000
	bash localckan/ckan-local.sh up

ckan-stop: ## Stop the local CKAN and its services (by recorded PID)
	bash localckan/ckan-local.sh stop

ckan-reset: ## Throw the local CKAN's data away and start a clean instance
	bash localckan/ckan-local.sh reset

ckan-docker: ## The full stack (CKAN, Solr, PostgreSQL, Redis) with Docker Compose
	bash localckan/ckan-docker.sh up
