# Briefing Room: every target sets up .venv/ on first use from the pins in pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BRIEFS_DIR ?= briefs
export BRIEFS_DIR

.PHONY: serve build check test export bench render browser-check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed (Material 9.8); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/briefing check $(BRIEFS_DIR)

render: $(STAMP)
	$(BIN)/briefing render build/pages

# The browser and server tests need Debian's chromium and nginx; say so rather than skip.
browser-check:
	@command -v chromium >/dev/null 2>&1 || { echo "make test needs Debian's chromium: sudo apt-get install chromium (CI's .ci/run installs it)"; exit 1; }

test: $(STAMP) browser-check
	$(BIN)/python -m pytest

clean:
	rm -rf site build .pytest_cache
