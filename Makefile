# The project's commands. `make translate` and `make test` install first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARTICLE ?= examples/article.de.txt
GLOSSARY ?= glossaries/news-de-en.tsv
OUT ?= outputs/

.PHONY: install browser translate test lint bench bench-segment bench-terms bench-speed bench-batch bench-values bench-serve bench-align bench-writers clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip || true
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

# the review page's browser tests drive Debian's Chromium: installed here when missing and root
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium; \
	  else \
	    echo "note: the review page's browser tests need Chromium:" \
	      "sudo apt-get install -y chromium (Debian/Ubuntu); without it they are skipped"; \
	  fi; }

install: $(STAMP) browser

translate: $(STAMP)
	$(BIN)/translate article $(ARTICLE) --glossary $(GLOSSARY) --out $(OUT)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check translate tests benchmarks
	$(BIN)/mypy translate

bench: bench-segment bench-terms bench-speed bench-batch bench-values bench-serve bench-align bench-writers

bench-segment: $(STAMP)
	$(BIN)/python benchmarks/bench_segment.py

bench-terms: $(STAMP)
	$(BIN)/python benchmarks/bench_terms.py

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/bench_speed.py
	$(BIN)/python benchmarks/bench_job.py

bench-batch: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py

bench-values: $(STAMP)
	$(BIN)/python benchmarks/bench_values.py

bench-serve: $(STAMP)
	$(BIN)/python benchmarks/bench_serve.py

bench-align: $(STAMP)
	$(BIN)/python benchmarks/bench_align.py

bench-writers: $(STAMP)
	$(BIN)/python benchmarks/bench_writers.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
