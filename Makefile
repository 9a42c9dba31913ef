# Two entry points (see README, Quickstart):
#   make demo    set up .venv, then run the main job on the bundled example patients
#   make check   set up .venv, then run the whole check suite (what CI runs)
# Only python3 and make are needed: uv is installed into .tools/ and builds .venv/
# from the committed uv.lock.

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
AS_OF ?= 2022-12-31

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo check setup lint typecheck test schema bench clean

demo: setup
	$(BIN)/allmodel screen examples/patients --as-of $(AS_OF)

check: setup lint typecheck test

setup: $(VENV)/.synced

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups --all-extras --python $(PYTHON)
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy --strict src tests examples benchmarks

test: setup
	$(BIN)/pytest

schema: setup
	$(BIN)/python -c "import json, allmodel; print(json.dumps(allmodel.patient_json_schema(), indent=2))" > schema/patient.schema.json

clean:
	rm -rf $(TOOLS) $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis build dist

bench: setup
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_screening.py
