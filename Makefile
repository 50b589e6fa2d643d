# Two commands for a fresh machine with Python 3.11+:
#   make site   set up .venv and build the site into site/ (make serve: live preview)
#   make test   set up .venv (and Chromium in CI) and run the whole test suite
# .ci/run calls `make test`.
#
# .venv is installed from requirements.txt, the lock: every package pinned with its hashes, made
# by uv from pyproject.toml. `make lock` refreshes it after a change to pyproject.toml (a test
# fails until then), `make audit` checks it against the known advisories.
#
# ENGINE=properdocs builds and tests with ProperDocs, the continuation of MkDocs 1.x, instead of
# MkDocs (README, Engines): `make site ENGINE=properdocs`, `make test ENGINE=properdocs`.

PYTHON ?= python3
VENV ?= .venv
ENGINE ?= mkdocs
BIN := $(VENV)/bin
ifeq ($(filter $(ENGINE),mkdocs properdocs),)
$(error ENGINE=$(ENGINE): the engines are mkdocs and properdocs)
endif
# The tests build with the same engine (tests/conftest.py).
export WRAPUP_ENGINE := $(ENGINE)
# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

# The lock: one for every supported Python (--universal), with the test and bench extras. The
# header names `make lock` as the command that made it; no index address is written into it, and
# uv reads no configuration (neither uv.toml nor pip's), so the lock is the same on any machine.
LOCK_COMMAND = $(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
	--generate-hashes --no-config --custom-compile-command "make lock" --quiet

.PHONY: setup bytecode site serve test test-slow lock lock-check audit npm-lock clean

$(BIN)/.installed: pyproject.toml requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
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
	$(BIN)/$(ENGINE) build --strict --config-file mkdocs.yml

serve: bytecode
	bash .ci/system-deps site
	$(BIN)/$(ENGINE) serve --strict --config-file mkdocs.yml

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

# Refresh the lock after a change to pyproject.toml: versions already locked stay unless the change
# needs others. `make lock UPGRADE=1` moves every package to its newest allowed version.
lock: setup
	$(LOCK_COMMAND) $(if $(UPGRADE),--upgrade) -o requirements.txt

# uv's own answer to "is the lock up to date?": the lock made again from pyproject.toml, with the
# present one as its starting point, must be the same file. .ci/run and the pull-request workflow run it
# (it asks the package index, which a test never does).
lock-check: setup
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; cp requirements.txt "$$tmp/requirements.txt"; \
	$(LOCK_COMMAND) -o "$$tmp/requirements.txt" || exit 1; \
	if ! diff -u requirements.txt "$$tmp/requirements.txt" > "$$tmp/diff"; then head -n 40 "$$tmp/diff"; \
	echo "requirements.txt is out of date with pyproject.toml: run make lock" >&2; exit 1; fi

# Every locked package against the known advisories (pip-audit asks the package index's
# vulnerability data); a vulnerable one fails with its name, version and advisory, and so does a
# package it could not look up (--strict).
audit: setup
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r requirements.txt --progress-spinner off

# Refresh the Lighthouse benchmark's npm lock (bench/lighthouse/package-lock.json) after a change
# to its package.json; `npm ci --prefix bench/lighthouse` installs from it.
npm-lock:
	npm install --package-lock-only --omit-lockfile-registry-resolved --ignore-scripts --prefix bench/lighthouse

clean:
	rm -rf site .cache
