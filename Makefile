# Two entry points: `make demo` (set up .venv and analyse the bundled example) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint typecheck eval-table bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' || { echo "Python >= 3.11 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of PyTorch, pinned: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[web,postgres,ray,dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/rashomon analyze examples/copiapo -o out/demo

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check rashomon tests bench

typecheck: $(STAMP)
	$(BIN)/mypy rashomon

eval-table: $(STAMP)
	$(BIN)/rashomon eval table --update README.md

bench: $(STAMP)
	$(BIN)/python bench/bench_analyze.py

clean:
	rm -rf out artifacts .pytest_cache
