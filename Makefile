# Two commands: `make run` (set up, then serve the demo) and `make test` (set up, then test).
# Only `make run` switches DEMO_MODE on (fixed key, demo accounts, plain HTTP); the settings'
# defaults are the production ones, and pytest sets its own environment (pyproject.toml).
# Everything below installs only what is missing, so a second run starts in seconds.

PORT ?= 8000
# uv runs as a module of the machine's Python, so a fresh pip install needs no PATH change.
UV ?= python3 -m uv
RUN := $(UV) run --frozen
# Set-up steps load the settings too; unless the environment says otherwise they use the demo's
# (a production machine sets DEMO_MODE=false and its SECRET_KEY, and these steps honour them).
LOCAL := DEMO_MODE=$${DEMO_MODE:-true}
APP_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext
TEST_PACKAGES := chromium

.PHONY: run test setup system-deps test-system-deps uv-tool venv migrate translations static seed lint db-stop bench

# gunicorn (WEB_CONCURRENCY processes, static files by WhiteNoise) and the job worker beside
# it (manage.py serve); Ctrl-C or a SIGTERM to make stops both. exec: no shell stands between
# make and uv, which passes SIGTERM on. `manage.py runserver` is for development only.
run: setup seed
	@echo "Serving at http://127.0.0.1:$(PORT)/ (demo accounts: see README.md)"
	exec env DEMO_MODE=true $(RUN) python manage.py serve --bind 127.0.0.1:$(PORT)

# pytest workers (pytest-xdist): "auto" is one per CPU; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

test: setup test-system-deps
	$(RUN) ruff check .
	$(RUN) lint-imports --no-cache
	$(RUN) pytest -n $(PYTEST_WORKERS)

setup: system-deps venv migrate translations static

# Debian packages: installed with apt-get when root, otherwise the exact command is printed.
system-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APP_PACKAGES)"

test-system-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"
	@# Debian's nodejs and npm, unless an npm is already there (e.g. a nodejs that bundles it).
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory install-packages PACKAGES="nodejs npm"
	@$(MAKE) --no-print-directory node-deps

# axe-core for the browser tests' accessibility checks, pinned by package-lock.json; `npm ci`
# runs again only when the lock file is newer than what is installed.
.PHONY: node-deps
node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

.PHONY: install-packages
install-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

uv-tool:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

venv: uv-tool
	$(UV) sync --frozen --quiet

migrate: venv
	$(LOCAL) $(RUN) python manage.py migrate --no-input

translations: venv
	$(LOCAL) $(RUN) python manage.py compilemessages --ignore=.venv --verbosity 0

static: venv
	$(LOCAL) $(RUN) python manage.py collectstatic --no-input --verbosity 0

seed: migrate
	DEMO_MODE=true $(RUN) python manage.py seed_demo

lint: venv
	$(RUN) ruff check .
	$(RUN) lint-imports --no-cache

bench: setup
	$(LOCAL) $(RUN) python bench/slip.py

# Stops the embedded PostgreSQL (it keeps running between commands to start fast).
db-stop: venv
	$(LOCAL) $(RUN) python manage.py embedded_db stop
