# Two entry points (see README, Quickstart):
#   make demo    set up .venv, then run the main job on the bundled example patients
#   make check   set up .venv, then run the whole check suite, test the built wheel in a
#                fresh virtualenv and build the docs (what CI runs)
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

.PHONY: demo check setup lint typecheck test wheel-test compiled-test compiled docs notebooks schema bench clean

demo: setup
	$(BIN)/allmodel screen --examples --as-of $(AS_OF)

check: setup lint typecheck test wheel-test compiled-test docs

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
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy --strict src tests examples benchmarks scripts docs

test: setup
	$(BIN)/pytest -n auto --dist loadfile

# The wheel on its own, as a user gets it: build the sdist and the wheel (uv builds the
# wheel from the sdist), install the wheel (with its `fhir` and `cohort` extras) with plain pip into a fresh virtualenv outside
# the repository, and from a directory outside the repository run the README's Python
# examples (scripts/run_readme_tour.py) and `allmodel screen --examples`. Then unpack the
# sdist and run its own tests against the installed wheel, with the locked test
# dependencies: the fast subset WHEEL_TESTS (the API and the wheel's contents, the README,
# the bundled examples and scripts, the catalogue); the whole suite needs the
# repository's notebooks, docs and typing tools and runs in `make test`.
WHEEL_TESTS ?= tests/test_api.py tests/test_readme.py tests/examples/test_accessors.py \
	tests/examples/test_patients.py tests/examples/test_scripts.py tests/examples/test_fhir_bundles.py \
	tests/catalogue
wheel-test: setup
	rm -rf dist
	$(UV) build --quiet --out-dir dist
	@set -e; \
	scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	$(PYTHON) -m venv "$$scratch/venv"; \
	"$$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$$(ls dist/allmodel-*.whl)[fhir,cohort]"; \
	mkdir "$$scratch/user"; cp README.md scripts/run_readme_tour.py "$$scratch/user/"; \
	echo "wheel-test: README tour and allmodel screen --examples in $$scratch/user"; \
	cd "$$scratch/user"; \
	"$$scratch/venv/bin/python" -c 'import allmodel, sys; where = allmodel.__file__ or ""; \
		print("wheel-test: allmodel", allmodel.__version__, "from", where); \
		sys.exit(not where.startswith(sys.prefix))'; \
	"$$scratch/venv/bin/python" run_readme_tour.py README.md; \
	"$$scratch/venv/bin/allmodel" screen --examples --as-of $(AS_OF) > screen.txt; \
	grep -q "^young_adult_second_relapse$$" screen.txt; \
	echo "wheel-test: allmodel screen --examples screened $$(grep -c '^  eligible' screen.txt) patients"; \
	cd "$(CURDIR)"; \
	$(UV) export --quiet --frozen --only-group test --no-hashes --no-emit-project \
		--output-file "$$scratch/test-requirements.txt"; \
	"$$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
		-r "$$scratch/test-requirements.txt"; \
	tar -xzf dist/allmodel-*.tar.gz -C "$$scratch"; \
	cd "$$scratch"/allmodel-*/; \
	echo "wheel-test: the sdist's tests ($(WHEEL_TESTS)) against the installed wheel"; \
	"$$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider $(WHEEL_TESTS)

# The compiled build (README, "Compiled build"): the wheel with the modules pyproject.toml
# lists (the fact derivation) compiled by mypyc, built from the sdist as pip builds it
# (a wheel built straight from the tree would leave its extension modules in src/).
# compiled-test installs it into a fresh virtualenv with the locked dependencies of every
# group and extra; checks that it derives exactly what the sources derive
# (scripts/derivation_digest.py: every fact of the examples and of 3,000 synthetic
# patients on 4 dates, and screening reports, each written with repr); then runs the
# whole suite against it. `make compiled` leaves the wheel in dist/compiled/ and installs
# it, with the cohort, fhir and cli extras, into .venv-compiled/ (for the benchmarks).
COMPILED_BUILD := HATCH_BUILD_HOOK_ENABLE_MYPYC=1
compiled-test: setup
	@set -e; \
	scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	echo "compiled-test: building the compiled wheel"; \
	$(COMPILED_BUILD) $(UV) build --quiet --out-dir "$$scratch/dist"; \
	$(PYTHON) -m venv "$$scratch/venv"; \
	$(UV) export --quiet --frozen --all-groups --all-extras --no-hashes --no-emit-project \
		--output-file "$$scratch/requirements.txt"; \
	$(UV) pip install --quiet --python "$$scratch/venv/bin/python" \
		-r "$$scratch/requirements.txt" "$$(ls "$$scratch"/dist/allmodel-*.whl)"; \
	"$$scratch/venv/bin/python" scripts/derivation_digest.py --expect compiled "$$scratch/compiled.txt"; \
	$(BIN)/python scripts/derivation_digest.py --expect pure "$$scratch/pure.txt"; \
	tail -n +2 "$$scratch/compiled.txt" > "$$scratch/compiled.body"; \
	tail -n +2 "$$scratch/pure.txt" > "$$scratch/pure.body"; \
	if ! cmp -s "$$scratch/compiled.body" "$$scratch/pure.body"; then \
		echo "compiled-test: the compiled build derives otherwise (first differences):"; \
		diff "$$scratch/pure.body" "$$scratch/compiled.body" | head -20; exit 1; \
	fi; \
	echo "compiled-test: both builds derive the same; the suite against the compiled build"; \
	ALLMODEL_TEST_BUILD=compiled "$$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider \
		-n auto --dist loadfile

compiled: setup
	rm -rf dist/compiled
	$(COMPILED_BUILD) $(UV) build --quiet --out-dir dist/compiled
	$(UV) venv --quiet --allow-existing --python $(PYTHON) .venv-compiled
	$(UV) pip install --quiet --python .venv-compiled/bin/python --reinstall-package allmodel \
		"$$(ls dist/compiled/allmodel-*.whl)[cohort,fhir,cli]"

# The documentation site (mkdocs.yml, docs/): written to build/site; --strict turns every
# warning (a broken link, a page left out of the navigation) into a failure. Not --quiet:
# it drops the warnings before --strict counts them.
docs: setup
	DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

# Run the teaching notebooks and store their outputs in them (the site shows them; a test
# fails when they are stale).
notebooks: setup
	$(BIN)/python scripts/run_notebooks.py

schema: setup
	$(BIN)/python -c "import json, allmodel; print(json.dumps(allmodel.patient_json_schema(), indent=2))" > src/allmodel/examples/patient.schema.json

clean:
	rm -rf $(TOOLS) $(VENV) .venv-compiled .mypy_cache .pytest_cache .ruff_cache .hypothesis build dist

bench: setup
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_screening.py
	$(BIN)/python benchmarks/bench_fhir.py
	$(BIN)/python benchmarks/bench_explain.py
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_cohort.py

# Mutation testing of the rules (criteria trees, response, MRD, scores): not part of check.
# Runs every mutant of scripts/mutate_rules.py against the tests of its area and prints
# the score per area, the survivors and the equivalent mutants (about 17 minutes on 2
# cores); fails if an area scores below 95 %. Narrow it with MUTATION_ARGS, e.g.
# MUTATION_ARGS="--area trials --jobs 1" or MUTATION_ARGS="--match swog_s0530".
.PHONY: mutation
MUTATION_ARGS ?=
mutation: setup
	$(BIN)/python scripts/mutate_rules.py --fail-under 95 $(MUTATION_ARGS)

# Fuzzing of the readers and the command (not part of check): 100,000 malformed documents
# made from the bundled examples; prints the counts (non-library exceptions, tracebacks,
# accepted duplicate keys and lone surrogates, errors without a path: all must be 0) and
# the time taken (roughly 10-20 minutes on 2 cores). E.g. FUZZ_ARGS="--documents 5000".
.PHONY: fuzz
FUZZ_ARGS ?=
fuzz: setup
	$(BIN)/python scripts/fuzz_documents.py $(FUZZ_ARGS)
