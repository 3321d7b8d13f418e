# Prospect — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test test-browser lint format bench bench-peer bench-scale loadtest clean backup \
	restore

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

## Set up, migrate, load the demo content and serve at http://127.0.0.1:8000
run: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py demo --articles 60
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

E2E_TOOLS := tests/e2e/node_modules/.installed

$(E2E_TOOLS): tests/e2e/package.json tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/e2e --silent --no-audit --no-fund \
		&& touch $@; else echo "NOTE: npm not found; the browser tests need it for axe-core and vnu-jar."; fi

## Every test (SQLite by default; set DATABASE_URL=postgres://… for PostgreSQL)
test: $(VENV)/.installed
	@$(MAKE) --no-print-directory $(E2E_TOOLS) || true
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || echo "NOTE: Chromium not found at \
	$${CHROMIUM_PATH:-/usr/bin/chromium}: the browser tests (tests/e2e) will be SKIPPED. \
	Install it with: apt-get install chromium fonts-noto-cjk default-jre-headless"
	$(PY) -m pytest $(PYTEST_ARGS)

## Only the browser tests (Playwright with Debian's Chromium)
test-browser: $(VENV)/.installed $(E2E_TOOLS)
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

## Benchmark every public page type on PostgreSQL (DATABASE_URL) with ~300 commentaries:
## server time and queries in-process, then req/s through gunicorn (cold, cached, floor, and the
## Wagtail peer if `make bench-peer` built it), then search p95 and import time (numbers in README)
BENCH_DB ?= $(DATABASE_URL)
BENCH_ENV := DATABASE_URL=$(BENCH_DB) DJANGO_SECRET_KEY=bench-only-key \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver MEDIA_ROOT=$(CURDIR)/bench-media \
	DJANGO_SECURE_SSL_REDIRECT=0 API_RATE_PER_MINUTE=1000000 FRAGMENT_CACHE=1
bench: $(VENV)/.installed
	@case "$(BENCH_DB)" in postgres*) ;; *) echo "Set DATABASE_URL=postgres://… (a database \
	for the benchmark: it gets demo content)"; exit 1;; esac
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	@$(BENCH_ENV) $(PY) manage.py shell --no-imports -c "from articles.models import Article; \
		raise SystemExit(Article.objects.count() < 300)" || \
		$(BENCH_ENV) $(PY) manage.py demo --articles 300
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(PY) manage.py bench --requests $(or $(REQUESTS),100)
	$(BENCH_ENV) $(PY) manage.py throughput --seconds $(or $(SECONDS),5) --rounds $(or $(ROUNDS),3)

## Build the benchmark's peer: stock Wagtail 8 in .bench-peer/ (git-ignored), same commentaries
bench-peer: $(VENV)/.installed
	$(BENCH_ENV) $(PY) manage.py bench_peer

## Search p95 on 10,000 commentaries and the time to import 1,000 (PostgreSQL, DATABASE_URL)
bench-scale: $(VENV)/.installed
	$(BENCH_ENV) $(PY) manage.py bench_scale

## 60 s at 32 connections over public pages with a PostgreSQL restart in the middle, on a
## throwaway PostgreSQL cluster of its own (loopback only)
loadtest: $(VENV)/.installed
	DJANGO_SECRET_KEY=loadtest-only-key DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
		$(PY) manage.py outage_drill --seconds $(or $(SECONDS),60) --connections 32

## Back up the database and media into backups/<UTC time>/ (the environment says which ones)
backup: $(VENV)/.installed
	$(PY) manage.py backup $(if $(BACKUP),--output $(BACKUP))

## Replace the database and media with a backup's: make restore BACKUP=backups/20260101T000000Z
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/…"; exit 2; }
	$(PY) manage.py restore $(BACKUP)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache bench.sqlite3 bench-media \
		artifacts tests/e2e/node_modules .bench-peer
