# Two commands on a fresh clone: `make play` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: play watch test bench schema clean help

help:
	@echo "make play   - set up .venv and start the game in the terminal (main menu)"
	@echo "make test   - set up .venv with the test tools and run the tests"
	@echo "make bench  - run the benchmarks and print their figures"
	@echo "make schema - regenerate schemas/scenario.schema.json"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)

# The game's core is compiled (setup.py), so an install is redone when the core's source changes.
CORE_SOURCES := setup.py game/native.py $(shell $(PYTHON) game/native.py 2>/dev/null)

$(VENV)/.installed: pyproject.toml $(CORE_SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@$(BIN)/python -m game --version
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(CORE_SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@$(BIN)/python -m game --version
	@touch $(VENV)/.installed $@

play: $(VENV)/.installed
	$(BIN)/wargame play

watch: $(VENV)/.installed
	$(BIN)/wargame watch

# The tests run on every core (pytest-xdist): the long ones - whole games played through the
# terminal UI, seat processes of live games, balance measurements - then overlap.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/engine.py

schema: $(VENV)/.installed
	$(BIN)/wargame schema -o schemas/scenario.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache build *.egg-info wargame_core__mypyc*.so game/core-build.json
	find game -name '*.so' -delete
