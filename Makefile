# The two commands: `make site` (build everything into site/) and `make test` (run every test).
# Both set up what they need first: Debian packages (as root), .venv from requirements.lock,
# the offline NLTK data for readability scores, and the npm tools for the browser tests.

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

# Debian packages: Pango for WeasyPrint, Noto fonts for every script (Arabic, Chinese),
# poppler for PDF tests, Chromium for browser tests, Node for axe-core and Lighthouse,
# a Java runtime for the Nu HTML Checker (`make validate`).
DEB_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-core fonts-noto-cjk poppler-utils chromium nodejs npm default-jre-headless

.PHONY: help site serve test test-fast test-browser validate bench clean deps venv lock \
	i18n-status i18n-check i18n-extract i18n-update i18n-compile i18n-new-language check readability

help:
	@echo "make site    build the site and PDFs into site/ (sets everything up first)"
	@echo "make test    run every test (sets everything up first)"
	@echo "make serve   live preview; 'make serve LANG=es' previews one language fast"
	@echo "make validate  Nu HTML Checker on every page, pdfua on every PDF (builds site/ if missing)"
	@echo "make bench   print build times, reading grades, sizes, validator counts and Lighthouse scores"
	@echo "make i18n-status | i18n-check | i18n-extract | i18n-update | i18n-compile"
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

$(STAMP): requirements.lock pyproject.toml | deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation --no-index -e .
	@touch $@

$(NLTK_STAMP): $(STAMP)
	$(BIN)/handout nltk-data .cache/nltk_data

venv: $(STAMP) $(NLTK_STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json | deps
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lock:
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --extra test --strip-extras \
	  -o requirements.lock pyproject.toml

# ---------------------------------------------------------------- the site
site: venv
	$(BIN)/handout build

serve: venv
	$(BIN)/handout serve --lang "$(LANG)"

# ---------------------------------------------------------------- tests
test: venv $(NODE_STAMP)
	$(BIN)/handout build
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadgroup tests

test-fast: venv
	$(BIN)/python -m pytest -p no:cacheprovider -m "not browser" tests

test-browser: venv $(NODE_STAMP)
	@test -d site || $(BIN)/handout build
	$(BIN)/python -m pytest -p no:cacheprovider -m browser tests

validate: venv
	@test -d site/downloads || $(BIN)/handout build
	$(BIN)/handout validate

check: venv
	$(BIN)/handout check

readability: venv
	$(BIN)/handout readability

bench: venv $(NODE_STAMP)
	$(BIN)/handout bench

# ---------------------------------------------------------------- translators
i18n-status: venv
	$(BIN)/handout i18n status

i18n-validate: venv
	@test -d site/downloads || $(BIN)/handout build
	$(BIN)/handout validate

check: venv
	$(BIN)/handout i18n check

i18n-extract: venv
	$(BIN)/handout i18n extract

i18n-update: venv
	$(BIN)/handout i18n update

i18n-compile: venv
	$(BIN)/handout i18n compile

i18n-new-language: venv
	$(BIN)/handout i18n new-language $(CODE)

clean:
	rm -rf site .cache $(VENV) $(NODE_DIR)/node_modules .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
