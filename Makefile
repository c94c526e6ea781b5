# Briefing Room: every target sets up .venv/ on first use from uv.lock, the hashed lock of every
# dependency (direct and transitive) that pyproject.toml's pins resolve to.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The front-matter linter (tools/editors/), before the rules that name it: make expands a
# rule's prerequisites where it reads the rule.
EDITORS := tools/editors/node_modules/.installed
BRIEFS_DIR ?= briefs
export BRIEFS_DIR
# Material for MkDocs 9.7+ prints a notice about MkDocs 2 and its own end of life (5 May 2027) on
# every build; the plan past it is in ARCHITECTURE.md ("The road past Material 9") and
# deploy/README.md. Hidden here so that `mkdocs build --strict` output shows the site's problems.
export NO_MKDOCS_2_WARNING := 1
# The engine that builds the site: mkdocs, or properdocs (the MkDocs 1.x fork, same options).
ENGINE ?= mkdocs
export BRIEFING_ENGINE := $(ENGINE)
# The installer's own hashes (.ci/uv-requirements.txt) check uv; uv checks every other package
# against uv.lock. --locked fails when pyproject.toml and uv.lock disagree (run `make lock`).
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (CI images, containers), every command
# would otherwise compile MkDocs, Material and the rest from source each time it starts.
SYNC := $(BIN)/uv sync --quiet --locked --compile-bytecode --extra test --extra dev

.PHONY: install lock lint serve build build-audiences check test export bench render zensical browser-check clean vendor screenshots schemas cli-reference editors

# The installer first, from its hashes: a venv holding uv alone (uv.lock keeps it there).
$(BIN)/uv: .ci/uv-requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python >= 3.11.5 is needed (pymdown-extensions 13.1); set PYTHON=python3.11")'
	@PYTHON=$(PYTHON) .ci/system-packages python$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r .ci/uv-requirements.txt
	@touch $@

$(STAMP): pyproject.toml uv.lock $(BIN)/uv
	$(SYNC)
	@$(BIN)/python -m compileall -q briefing  # the engine's bytecode too (it is installed editable)
	@touch $@

# Only the set-up (CI runs it first; every other target does it too when needed).
install: $(STAMP)

# After a change to pyproject.toml's dependencies: resolve again and write uv.lock (commit both).
lock: $(BIN)/uv
	$(BIN)/uv lock

# What CI runs on the code (and the pre-commit hook on staged files): lint, format, types.
lint: $(STAMP)
	$(BIN)/ruff check briefing tests bench
	$(BIN)/ruff format --check briefing tests bench
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/$(ENGINE) serve --dirty --livereload  # a save rebuilds only the pages it changed

SITE_DIR ?= site
build: $(STAMP)
	$(BIN)/$(ENGINE) build --strict -d $(SITE_DIR)

# One site per hosted audience, each holding only the briefs marked at or below its label:
# $(AUDIENCES_DIR)/tlp-clear/ … tlp-amber-strict/, served by deploy/audiences.conf under
# $(AUDIENCES_URL)tlp-clear/ and so on (set it to the intranet address: each site's 404 page and
# feeds link from it). TLP:RED is never hosted.
AUDIENCES := TLP:CLEAR TLP:GREEN TLP:AMBER TLP:AMBER+STRICT
AUDIENCES_DIR ?= build/audiences
AUDIENCES_URL ?= http://localhost/
build-audiences: $(STAMP)
	@for audience in $(AUDIENCES); do \
	  slug=$$(echo "$$audience" | tr 'A-Z:+' 'a-z--'); \
	  echo "$$audience: $(AUDIENCES_DIR)/$$slug/"; \
	  BRIEFING_AUDIENCE="$$audience" SITE_URL="$(AUDIENCES_URL)$$slug/" \
	    $(BIN)/$(ENGINE) build --strict -q -d "$(AUDIENCES_DIR)/$$slug" || exit 1; \
	done

# The JSON Schemas editors read (front matter, actors.yml, topics.yml), made from the formats'
# declaration in briefing/load/fields.py; tests/test_json_schemas.py keeps the files equal to it.
schemas: $(STAMP)
	$(BIN)/python -m briefing.load.json_schemas docs/schemas

check: $(STAMP)
	$(BIN)/briefing check $(BRIEFS_DIR)

export: $(STAMP)
	$(BIN)/briefing export

# Generates corpora of 1,000, 3,000 and 10,000 briefs and writes bench/results.md.
bench: $(STAMP)
	$(SYNC) --extra bench
	$(BIN)/python bench/run.py

render: $(STAMP)
	$(BIN)/briefing render build/pages

# The site built by Zensical, Material's successor (ARCHITECTURE.md, "The road past Material 9"):
# the rendered pages as a Zensical project in $(ZENSICAL_DIR), its site in $(ZENSICAL_DIR)/site.
ZENSICAL_DIR ?= build/zensical
zensical: $(STAMP)
	rm -rf $(ZENSICAL_DIR)
	$(BIN)/briefing render --for zensical $(ZENSICAL_DIR)
	cd $(ZENSICAL_DIR) && $(abspath $(BIN))/zensical build --strict

# The tests drive Debian's chromium and nginx and real git repositories: as root they are
# installed when missing (as on CI); otherwise the exact apt-get command is printed. Never skipped.
browser-check:
	@.ci/system-packages git chromium nginx

test: $(STAMP) $(EDITORS)
	@.ci/system-packages git chromium nginx
	$(BIN)/python -m pytest

# The front-matter linter editors run (remark-cli with remark-lint-frontmatter-schema, see
# .remarkrc.mjs and docs/writing-briefs.md), installed from its npm lock into tools/editors/:
# tests/test_editors.py runs it. `make editors` alone installs it for VS Code's remark extension.
$(EDITORS): tools/editors/package.json tools/editors/package-lock.json
	@.ci/system-packages nodejs npm
	npm ci --prefix tools/editors --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@
editors: $(EDITORS)

# Refresh the screenshots in docs/images/ (README, writing guide, ARCHITECTURE.md) from the browser test.
screenshots: $(STAMP) browser-check
	BRIEFING_SCREENSHOTS=docs/images $(BIN)/python -m pytest tests/test_browser.py -k screenshots

# docs/cli.md, the command line's reference, from every command's --help (tests/test_cli_reference.py
# fails until this is run after a change to an option or its help).
cli-reference: $(STAMP)
	$(BIN)/python -m briefing.cli.reference docs/cli.md

clean:
	rm -rf site build .pytest_cache

# Front-end assets come from the npm registry and are committed under docs/assets/vendor/
# (no CDN at run time). `make vendor` refreshes them at the pinned versions.
IFRAME_WORKER_VERSION := 1.0.4
# The search worker's Snowball stemmers (English, Russian): the same Snowball generation as
# PyPI's snowballstemmer pinned in pyproject.toml (tests/test_search_analysis.py compares them).
SNOWBALL_STEMMERS_VERSION := 0.6.0
# axe-core is a test asset (the accessibility test injects it into pages): it lives under tests/.
AXE_CORE_VERSION := 4.14.1
vendor:
	rm -rf build/vendor && mkdir -p build/vendor docs/assets/vendor/iframe-worker
	cd build/vendor && npm pack --silent iframe-worker@$(IFRAME_WORKER_VERSION) && tar xzf iframe-worker-$(IFRAME_WORKER_VERSION).tgz
	cp build/vendor/package/shim/index.js docs/assets/vendor/iframe-worker/shim.js
	cp build/vendor/package/LICENSE docs/assets/vendor/iframe-worker/LICENSE
	cd build/vendor && npm pack --silent snowball-stemmers@$(SNOWBALL_STEMMERS_VERSION) && mkdir -p snowball && tar xzf snowball-stemmers-$(SNOWBALL_STEMMERS_VERSION).tgz -C snowball
	mkdir -p docs/assets/vendor/snowball-stemmers
	cp build/vendor/snowball/package/snowball-stemmers.js build/vendor/snowball/package/package.json docs/assets/vendor/snowball-stemmers/
	cd build/vendor && npm pack --silent axe-core@$(AXE_CORE_VERSION) && mkdir -p axe && tar xzf axe-core-$(AXE_CORE_VERSION).tgz -C axe
	mkdir -p tests/vendor/axe-core
	cp build/vendor/axe/package/axe.min.js build/vendor/axe/package/LICENSE tests/vendor/axe-core/
	echo $(AXE_CORE_VERSION) > tests/vendor/axe-core/VERSION
