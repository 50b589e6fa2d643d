# Two commands for a fresh machine with Python 3.11+:
#   make site   set up .venv and build the site into site/ (make serve: live preview)
#   make test   set up .venv (and Chromium in CI) and run the whole test suite
# .ci/run calls `make test`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve test browser-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

site: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs serve --strict

# Chromium for the browser tests comes from Debian (no browser downloads): installed here when
# CI=true, otherwise the browser tests fail naming the package to install.
browser-deps:
	bash .ci/browser-deps

test: setup browser-deps
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure" >&2; exit 1; fi; \
	exit $$status

clean:
	rm -rf site .cache
