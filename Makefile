# The two commands: `make site` (build everything into site/) and `make test` (run every test).
# Both set up what they need first: Debian packages (as root), .venv from requirements.lock,
# the offline NLTK data for readability scores, and the npm tools for the browser tests.
# Translators' commands (`make serve`, `make i18n-*`) need only Python 3.11+ with venv: no Debian
# packages, so they work on macOS and Windows (WSL) too. Only PDFs and browser tests need `deps`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NLTK_STAMP := .cache/nltk_data/corpora/cmudict/cmudict
NODE_DIR := tests/browser
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
export CHROMIUM ?= /usr/bin/chromium

export NO_MKDOCS_2_WARNING := 1
export NLTK_DATA := $(CURDIR)/.cache/nltk_data
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian packages: Pango for WeasyPrint, Noto fonts for every script (fonts-noto-core: Latin, Cyrillic,
# Devanagari, Arabic and Persian; fonts-noto-cjk: Chinese, Japanese, Korean),
# poppler for PDF tests, Chromium for browser tests, Node for axe-core and Lighthouse,
# a Java runtime for the Nu HTML Checker (`make validate`).
DEB_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-core fonts-noto-cjk poppler-utils chromium nodejs npm default-jre-headless

.PHONY: help site serve test test-fast test-browser validate bench upgrade-check clean deps venv lock python-check \
	i18n-status i18n-check i18n-extract i18n-update i18n-compile i18n-new-language i18n-mark-current \
	i18n-diff check readability

# The language `make serve` previews. `make serve L=es` (or HANDOUT_LANG=es); `make serve LANG=es`
# works too, but LANG is also the shell's locale (en_US.UTF-8, C.UTF-8, C, POSIX), so a LANG that
# looks like a locale is ignored rather than taken for a language.
L ?= $(HANDOUT_LANG)
LOCALE_LIKE := $(if $(filter C POSIX,$(LANG)),yes,$(if $(findstring .,$(LANG)),yes,$(if $(findstring _,$(LANG)),yes)))
SERVE_LANG := $(or $(L),$(if $(LOCALE_LIKE),,$(LANG)))

help:
	@echo "make site    build the site and PDFs into site/ (sets everything up first)"
	@echo "make test    run every test (sets everything up first)"
	@echo "make serve   live preview; 'make serve L=es' previews one language fast"
	@echo "make validate  Nu HTML Checker on every page, pdfua on every PDF (builds site/ if missing)"
	@echo "make bench   build times against a stock Material build, grades, sizes, validator counts, Lighthouse"
	@echo "make i18n-status | i18n-check | i18n-extract | i18n-update | i18n-compile"
	@echo "make i18n-diff FILE=docs/page.es.md          English changes since the translation"
	@echo "make i18n-mark-current FILES=docs/page.es.md mark translations as up to date"
	@echo "make upgrade-check  build and test with the newest allowed MkDocs, Material, i18n, Babel, WeasyPrint"
	@echo "make clean   remove site/, caches and .venv"

# ---------------------------------------------------------------- set-up
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -x "$(CHROMIUM)" ]; then missing=$$(echo "$$missing" | sed 's/ chromium//'); fi; \
	if command -v npm >/dev/null; then missing=$$(echo "$$missing" | sed 's/ nodejs//; s/ npm//'); fi; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; }; \
	  if command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || [ -n "$$sudo" ]; }; then \
	    echo "Installing Debian packages:$$missing"; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# Python only: translators get here without any Debian package (WeasyPrint's Python package installs
# without Pango; only building PDFs needs Pango).
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; \
	  echo "Install it from python.org (macOS, Windows) or your system, or name it: make serve PYTHON=python3.12"; \
	  exit 1; }

$(STAMP): requirements.lock pyproject.toml | python-check
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV): install Python's venv module (on Debian/Ubuntu the python3-venv package)."; \
	  exit 1; }
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation --no-index -e .
	@touch $@

$(NLTK_STAMP): $(STAMP)
	$(BIN)/handout nltk-data .cache/nltk_data

# .venv and the offline word list: Python only, no Debian packages.
venv: $(STAMP) $(NLTK_STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json | deps
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lock:
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --extra test --strip-extras \
	  -o requirements.lock pyproject.toml

# ---------------------------------------------------------------- the site
# `deps` first (in this order): the PDFs need Pango and the Noto fonts.
site: deps venv
	$(BIN)/handout build

serve: $(STAMP)
	$(BIN)/handout serve --lang "$(SERVE_LANG)"

# ---------------------------------------------------------------- tests
test: deps venv $(NODE_STAMP)
	$(BIN)/handout build
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadgroup tests

# No browser tests, no slow tests, no PDFs: builds the HTML only (tests/fast_mode.py).
test-fast: venv
	$(BIN)/python -m pytest -p no:cacheprovider -p fast_mode -m "not browser and not slow" tests

test-browser: deps venv $(NODE_STAMP)
	@test -d site || $(BIN)/handout build
	$(BIN)/python -m pytest -p no:cacheprovider -m browser tests

check: venv
	$(BIN)/handout check

readability: venv
	$(BIN)/handout readability

validate: deps venv
	@test -d site/downloads || $(BIN)/handout build
	$(BIN)/handout validate

bench: deps venv $(NODE_STAMP)
	$(BIN)/handout bench

# A throw-away venv in .cache/upgrade with the newest versions pyproject.toml allows; .venv is untouched.
upgrade-check: deps venv
	$(BIN)/python -m handout.upgrade_check

# ---------------------------------------------------------------- translators (Python only)
i18n-status: $(STAMP)
	$(BIN)/handout i18n status

i18n-check: $(STAMP)
	$(BIN)/handout i18n check

i18n-extract: $(STAMP)
	$(BIN)/handout i18n extract

i18n-update: $(STAMP)
	$(BIN)/handout i18n update

i18n-compile: $(STAMP)
	$(BIN)/handout i18n compile

i18n-new-language: $(STAMP)
	@test -n "$(CODE)" || { echo "usage: make i18n-new-language CODE=it"; exit 2; }
	$(BIN)/handout i18n new-language $(CODE)

i18n-mark-current: $(STAMP)
	@test -n "$(FILES)" || { echo 'usage: make i18n-mark-current FILES="docs/page.es.md docs/other.es.md"'; exit 2; }
	$(BIN)/handout i18n mark-current $(FILES)

i18n-diff: $(STAMP)
	@test -n "$(FILE)$(FILES)" || { echo "usage: make i18n-diff FILE=docs/page.es.md"; exit 2; }
	$(BIN)/handout i18n diff $(FILE) $(FILES)

clean:
	rm -rf site .cache $(VENV) $(NODE_DIR)/node_modules .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
