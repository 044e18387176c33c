# Run `make` to list the targets. A new user needs two: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
MANAGE := WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py

MESSAGE_OPTIONS := --ignore=.venv --ignore=tests --ignore=var --ignore=static_collected --ignore=test-artifacts
SEARCH_TESTS := tests/consultation/test_public_search.py tests/consultation/test_review_inbox.py

.DEFAULT_GOAL := help
.PHONY: help run test lint check demo messages serve load backup restore

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed ## Migrate and load the demo content (idempotent)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) ensure_admin --username admin --password admin
	$(MANAGE) update_index

run: demo ## Run the platform with demo content on http://127.0.0.1:8000
	@echo "Admin: http://$(HOST):$(PORT)/admin/  (user: admin, password: admin)"
	@# The workers write the Word exports asked for in the admin and send the e-mails (to the
	@# console in development); they stop with the server.
	$(MANAGE) db_worker --backend background --no-reload & exports=$$!; \
	$(MANAGE) db_worker --backend mail --no-reload & mail=$$!; \
	trap 'kill $$exports $$mail 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

serve: $(VENV)/.installed ## Production: migrate, collect static files, serve with gunicorn (needs SECRET_KEY, ALLOWED_HOSTS)
	DJANGO_SETTINGS_MODULE=consultation.settings.production $(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=consultation.settings.production $(BIN)/python manage.py collectstatic --no-input
	@# The task workers (Word exports, e-mails) run beside gunicorn and stop with it.
	export DJANGO_SETTINGS_MODULE=consultation.settings.production; \
	$(BIN)/python manage.py db_worker --backend background --no-reload & exports=$$!; \
	$(BIN)/python manage.py db_worker --backend mail --no-reload & mail=$$!; \
	trap 'kill $$exports $$mail 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn consultation.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

test: $(VENV)/.installed ## Run the whole test suite (DATABASE_URL picks PostgreSQL)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --ds=tests.search_index.conformance.settings --confcutdir=tests/search_index/conformance tests/search_index/conformance
	@# On PostgreSQL, the search tests again on the database backend (PostgreSQL full-text search).
	case "$$DATABASE_URL" in postgres*) SEARCH_BACKEND=database $(BIN)/python -m pytest $(SEARCH_TESTS);; esac

$(BIN)/locust: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,load]"

# FAULT=pg-restart restarts PostgreSQL during the run (its whole cluster: not beside other tests).
# BASELINE=ref (or BASELINE=main-base: the merge-base with main) runs the same load against that
# commit first and prints both side by side; THREADS=n serves with gthread workers of n threads.
load: $(VENV)/.installed $(BIN)/locust ## Load test, launch day: 400 readers + 100 commenters for 120 s on gunicorn and a fresh PostgreSQL database (BASELINE=ref, THREADS=n, FAULT=pg-restart)
	$(BIN)/python tests/load/run_load.py --workers $(WORKERS) $(if $(THREADS),--threads $(THREADS)) \
		$(if $(BASELINE),--compare-baseline $(filter-out main-base,$(BASELINE))) $(if $(FAULT),--fault $(FAULT))

# The database, MEDIA_ROOT and the private uploads in one archive (README, "Backups").
backup: $(VENV)/.installed ## Back up the database and uploads to var/backups/ (or OUTPUT=folder or file)
	$(BIN)/python manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: $(VENV)/.installed ## Restore a backup over the site's data (migrated, erasures replayed), then rebuild the search index (ARCHIVE=…)
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=path/to/consultation-backup-….tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"
	@# The search index is not in backups.
	$(BIN)/python manage.py update_index

messages: $(VENV)/.installed ## Collect the interface strings into locale/st and compile them (needs gettext)
	$(BIN)/python manage.py makemessages -l st $(MESSAGE_OPTIONS)
	@# gettext's guesses from similar strings are not translations: leave them empty.
	msgattrib --clear-fuzzy --empty -o locale/st/LC_MESSAGES/django.po locale/st/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages -l st

lint: $(VENV)/.installed ## ruff, Django's checks and missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=consultation.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=consultation.settings.test $(BIN)/python manage.py makemigrations --check --dry-run consultation policy_docs
