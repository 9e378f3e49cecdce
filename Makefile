# The two commands a newcomer needs (see README):
#   make sample   set everything up and analyze the bundled sample article
#   make test     set everything up and run the whole test suite
# Both install every extra ([all]: corpus, dask, web, train) and the test tools; `pip install .`
# alone is the analyzer (tests/test_plain_install.py checks that path with an un-upgraded pip).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: sample test setup

$(BIN)/onrecord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,test]'
	touch $(BIN)/onrecord

setup: $(BIN)/onrecord

sample: setup
	$(BIN)/onrecord analyze examples/russians-fighting-for-ukraine.txt

test: setup browser-deps
	$(BIN)/pytest -q

# The browser tests drive Debian's chromium (never a downloaded browser build).
.PHONY: browser-deps
browser-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
