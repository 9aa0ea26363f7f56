# Two entry points: `make demo` (set up .venv and analyse the bundled example) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint typecheck eval-table bench clean constraints

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

# Re-pin every dependency to what .venv holds now (torch stays the CPU build's version).
constraints: $(STAMP)
	{ echo "# Pinned versions the tests ran with (pip freeze of .venv); regenerate with: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -iv '^rashomon' | sed 's/^torch==\([0-9.]*\)+cpu/torch==\1/'; } > constraints.new
	mv constraints.new constraints.txt
