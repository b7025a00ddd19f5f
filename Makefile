# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format install migrate data check-deploy vendor messages clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(MANAGE) migrate --noinput

data: migrate
	$(MANAGE) load_portal_data --if-empty

run: data
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

check-deploy: install
	DJANGO_SETTINGS_MODULE=routekaart.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=routekaart.example.nl $(MANAGE) check --deploy --fail-level WARNING

# Update the English catalogue after changing Dutch texts; the compiled .mo is committed (no gettext needed to run).
messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(MANAGE) compilemessages -l en -l nl --ignore=.venv

# Refresh the vendored NL Design System CSS and axe-core from npm (package.json pins the versions).
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css
	cp node_modules/@utrecht/design-tokens/dist/theme.css static/vendor/utrecht/design-tokens.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md static/vendor/utrecht/LICENSE.md
	mkdir -p tests/browser/vendor
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/browser/vendor/

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
