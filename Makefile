# Two commands for a fresh machine (see README):
#   make site   set everything up, validate and build the demo portal into site/
#   make test   set everything up and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The demo data are 2025: build the demo as of a day when December's notices are live.
AS_OF  ?= 2025-12-20

.PHONY: site test validate demo-data golden bench clean

site: $(STAMP)
	$(BIN)/sunshine build . --as-of $(AS_OF)

# Browser tests need Debian's chromium and CJK fonts: installed here when missing
# (as root); SUNSHINE_SKIP_BROWSER=1 skips them on purpose.
test: $(STAMP)
	sh tests/browser/ensure_browser.sh
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/sunshine validate .

# Rewrite the committed demo county in datasets/ and its release history in
# releases/ (deterministic: same bytes every time).
demo-data: $(STAMP)
	$(BIN)/sunshine demo-data --scale county --out . --releases

# Refresh the golden files after an intended change of generated output; review the diff.
golden: $(STAMP)
	SUNSHINE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

# Benchmarks write their results to benchmarks/results/.
bench: $(STAMP)
	$(BIN)/python benchmarks/validate_benchmark.py
	$(BIN)/python benchmarks/build_benchmark.py
	$(BIN)/python benchmarks/ingest_benchmark.py

$(STAMP): requirements.lock requirements-test.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-test.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	# Bytecode, as pip writes it for an installed package: an editable install has
	# none, and with PYTHONDONTWRITEBYTECODE every command would compile it again.
	$(BIN)/python -m compileall -q generator
	touch $(STAMP)

clean:
	rm -rf site .build
