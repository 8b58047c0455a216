# The two commands a newcomer needs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench messages architecture clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# The demo accounts sign in with a password only: two-factor sign-in (on by default) is
# turned off here unless the caller sets OVERSIGHT_REQUIRE_2FA=1. See README and SECURITY.md.
demo: install
	OVERSIGHT_REQUIRE_2FA=$${OVERSIGHT_REQUIRE_2FA:-0} $(BIN)/oversight demo

test: install
	bash scripts/system-deps.sh
	bash scripts/run-tests.sh

bench: install
	bash scripts/bench.sh

lint: install
	$(BIN)/ruff check .

messages: install
	cd src/oversight && ../../$(BIN)/oversight makemessages -l vi --no-location --ignore "static/*" --ignore "*/migrations/*" && ../../$(BIN)/oversight compilemessages

# The picture of the layers in README's architecture section, drawn from the code's imports.
architecture:
	$(PY) scripts/architecture.py --svg docs/architecture.svg

clean:
	rm -rf $(VENV) var/*.sqlite3*
