# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# xstatic-bootstrap 5.3 ships only as an sdist whose setup.py still needs pkg_resources,
# which setuptools 81 removed; pin setuptools for every build pip makes.
export PIP_CONSTRAINT := $(CURDIR)/build-constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The Makefile is the developer entry point: development defaults (see .env.example for production).
export DEBUG ?= 1

.PHONY: setup run test bench load lint messages demo worker

$(VENV)/.installed: pyproject.toml build-constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

setup: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

# The web server and the worker (deadline warnings, escalation, webhooks) together; Ctrl-C stops both.
run: demo
	$(VENV)/bin/honcho -f Procfile.dev start

worker: setup
	$(PY) manage.py run_huey

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m pytest benchmarks -q -s -p no:playwright -o testpaths=benchmarks

# 20 clerks at once through gunicorn on the local PostgreSQL (benchmarks/load.py): p50/p95, errors,
# and a check that no save is missing and no number is given twice.
load: setup
	$(PY) benchmarks/load.py

lint: setup
	$(VENV)/bin/ruff check .

# Extract new strings into each app's locale/zh_Hans/LC_MESSAGES/django.po (run inside the app, so
# each catalogue holds only its own strings), then the project-wide one for templates/ and config/.
APPS := core residents requests_app complaints reports callbacks surveys
messages: setup
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete); done
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=tests \
		$(foreach app,$(APPS),--ignore=$(app))
