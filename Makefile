# The README's two commands: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The sandbox's own interpreter (docs/sandbox.md): a virtualenv with numpy, pandas and matplotlib,
# made from an interpreter every user can read (Debian's where there is one).
SANDBOX_ENV ?= $(or $(SANDBOX_PYTHON_ENV),var/sandbox/python)
SANDBOX_BASE_PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11 /usr/local/bin/python3.11) $(PYTHON))
SANDBOX_STAMP := $(SANDBOX_ENV)/.installed

.PHONY: run test lint format check-deploy bench clean-var sandbox-env

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(SANDBOX_STAMP): sandbox/requirements.txt | $(STAMP)
	rm -rf $(SANDBOX_ENV)
	$(SANDBOX_BASE_PYTHON) -m venv --without-pip $(SANDBOX_ENV)
	$(PY) -m pip --python $(SANDBOX_ENV)/bin/python install --quiet --no-warn-script-location -r sandbox/requirements.txt
	touch $(SANDBOX_STAMP)
	SANDBOX_PYTHON_ENV=$(abspath $(SANDBOX_ENV)) $(PY) manage.py sandbox_prepare

sandbox-env: $(SANDBOX_STAMP)

run: $(STAMP) $(SANDBOX_STAMP)
	$(PY) -m tomato_agent.launch

test: $(STAMP) $(SANDBOX_STAMP)
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(PY) -m pytest $(PYTEST_ARGS)

# The whole results table of docs/benchmarks.md (issue 13): every bench, direct vs WebSocket vs SSE.
bench: $(STAMP)
	$(PY) -m bench.results $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=tomato_agent.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=example.com $(PY) manage.py check --deploy --fail-level WARNING

clean-var:
	rm -rf var/
