# Two entry points do all set-up on a fresh machine:
#   make run   build a release from the embedded archive of real postings
#   make test  run the test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test bench serve browser clean-venv

$(INSTALLED): pyproject.toml constraints.txt
	@echo "setting up $(VENV) with the pinned packages of constraints.txt (a few minutes the first time)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==25.3
	# torch first and exactly pinned: a looser request pulls a multi-GB GPU build.
	$(PY) -m pip install --quiet -c constraints.txt torch==2.13.0
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(VENV)/bin/csm-radar run

serve: $(INSTALLED)
	$(VENV)/bin/csm-radar serve

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

test: $(INSTALLED) browser
	$(PY) -m pytest

# Throughput, wall time and memory per stage at 1x, 10x and 100x the Ashby corpus
# (reads ../shared/data/ashby when present); see benchmarks/RESULTS.md.
bench: $(INSTALLED)
	$(PY) -m benchmarks $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
