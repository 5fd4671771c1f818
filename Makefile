# The two commands of the README. Both create .venv/ from the pinned requirements first.
#   make build   build output/ from content/
#   make test    install what the tests need and run them all
#   make serve   preview on http://127.0.0.1:8000 with live reload
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test serve check clean

build: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP)
	$(BIN)/invoke test

serve: $(STAMP)
	$(BIN)/invoke serve

check: $(STAMP)
	$(BIN)/invoke check

clean:
	rm -rf output .venv node_modules

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)
