# Two commands set everything up: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -e ".[test]"
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/poise play

# Six workers on two cores: a third of the tests' time is spent waiting on emulated hardware's real time.
# --maxschedchunk 2: the workers take the tests nearly in the order tests/conftest.py gives them. Compiled
# code is cached in __pycache__ even where the environment turns that off (a later run is ~5 % faster).
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 6 --maxschedchunk 2 --durations=10

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
