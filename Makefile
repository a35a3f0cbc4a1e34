# Two commands for a new user: `make run` (embedded default, no services) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
RUN_ENV := DEBUG=true
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: run test lint format messages makemessages migrate seed clean bench bench-notifications

run: $(VENV)/.runtime messages
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev messages
	@DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
		$(BIN)/python scripts/check_services.py
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" REDIS_URL="$${REDIS_URL:-$(TEST_REDIS_URL)}" \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Compiles locale/*.po with Babel, so no GNU gettext is needed to run the portal.
messages: $(VENV)/.runtime
	@$(BIN)/pybabel -q compile --domain django --directory locale

# Extracting strings needs GNU gettext (xgettext), a developer tool only.
makemessages: $(VENV)/.runtime
	$(BIN)/python manage.py makemessages --all --no-location --ignore '.venv/*' --ignore 'staticfiles/*'

migrate: $(VENV)/.runtime
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

seed: $(VENV)/.runtime
	$(RUN_ENV) $(BIN)/python manage.py seed_demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# 100,000 synthetic practices with their reviews and 5,000 grant proposals in PostgreSQL (generated once, then
# reused), gunicorn + Celery, 1 and 8 clients.
bench: $(VENV)/.dev messages
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/notifications.py

bench-notifications: $(VENV)/.dev
	$(BIN)/python benchmarks/notifications.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
