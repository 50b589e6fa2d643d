# Two commands for a fresh machine with Python 3.11+:
#   make site   set up .venv and build the site into site/ (make serve: live preview)
#   make test   set up .venv (and Chromium in CI) and run the whole test suite
# .ci/run calls `make test`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup bytecode site serve test test-slow clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

# Python may be told not to write bytecode (PYTHONDONTWRITEBYTECODE=1, as on our CI machines):
# then every build compiles the hooks package again, a twentieth of a warm build. compileall
# writes it regardless, and again only for files that changed; stale bytecode is never used.
bytecode: setup
	$(BIN)/python -m compileall -q hooks

# Debian packages (fonts-liberation and fonts-noto-cjk for diagrams; Chromium for the browser tests, from
# Debian, never downloaded): see .ci/system-deps for when they are installed.
site: bytecode
	bash .ci/system-deps site
	$(BIN)/mkdocs build --strict

serve: bytecode
	bash .ci/system-deps site
	$(BIN)/mkdocs serve --strict

test: bytecode
	bash .ci/system-deps test
	$(BIN)/python -m pytest -n auto; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure" >&2; exit 1; fi; \
	exit $$status

# The slow tests (scale, the check/build agreement over the whole bad-input corpus, Markdown
# that takes an engine minutes, cache faults, the network guard), left out of `make test` to keep it quick; CI runs both.
test-slow: bytecode
	bash .ci/system-deps test
	$(BIN)/python -m pytest -m slow; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-slow: pytest collected no tests; that is a failure" >&2; exit 1; fi; \
	exit $$status

clean:
	rm -rf site .cache
