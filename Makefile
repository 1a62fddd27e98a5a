# Two commands do all set-up on a fresh machine: `make serve` (or `make build`) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test system-deps lock bench check-sources

# --watch-theme: edits in overrides/ (templates, CSS, JS) reload the preview too.
serve: $(VENV)/.installed          ## preview at http://127.0.0.1:8000/ (hook code needs a restart)
	$(BIN)/mkdocs serve --watch-theme

build: $(VENV)/.installed          ## the static site, into site/
	$(BIN)/mkdocs build

test: $(VENV)/.installed system-deps   ## the whole test suite, browser tests included
	$(BIN)/pytest

# This site beside plain Material, page by page: weight, Lighthouse, first paint while other hosts
# hang, build time; options: make bench BENCH_ARGS=--help
bench: $(VENV)/.installed system-deps   ## benchmarks: tables in the terminal, JSON in bench/results/
	@command -v npm >/dev/null || { \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; echo "installing: nodejs npm"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nodejs npm; }
	@[ bench/node_modules/.package-lock.json -nt bench/package-lock.json ] || \
	  (cd bench && npm ci --no-audit --no-fund)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Fetches every page in docs/data/sources.yml; exit status 1 when a source needs a look.
# Options: make check-sources CHECK_ARGS=--help
check-sources: $(VENV)/.installed  ## are the quoted words still on the sources' pages? (Markdown report)
	$(BIN)/python tools/check_sources.py $(CHECK_ARGS)

# pip itself is in the lock: the hashed install replaces the venv's pip with the pinned one.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

# Browser tests drive Debian's Chromium; printed checklists need CJK fonts.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

lock: $(VENV)/.installed           ## re-pin requirements.txt from requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links requirements.in -o requirements.txt
