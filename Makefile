# The README's two set-up commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean kubectl

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,train]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/aoi run revoke_auth_mongodb-mitigation-1 --agent runbook

# The golden fidelity tests (tests/twin/golden) compare the emulator with a real kubectl. Install one
# where the machine has none and a package is at hand (Debian's kubernetes-client, as root); never
# fail over it: without a kubectl 1.32 those tests skip and say why.
kubectl:
	@command -v kubectl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y -qq kubernetes-client >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq kubernetes-client >/dev/null 2>&1; } || true; \
	  fi; \
	  command -v kubectl >/dev/null 2>&1 || echo "note: no kubectl on PATH and none could be installed: the golden fidelity tests will skip"; }

# loadgroup keeps each golden group (one pair of twins, commands in order) on one worker.
test: $(DEV_STAMP) kubectl
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/twin_perf.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
