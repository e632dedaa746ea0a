#!/usr/bin/env bash
# One machine, from nothing: `bash deploy/dev.sh up` starts Personalsak on the embedded
# default (Temporal dev server on SQLite with its UI, worker, API); `bash deploy/dev.sh test`
# runs the tests. Both create .venv and install the project into it first.
set -euo pipefail
cd "$(dirname "$0")/.."

setup() {
  if [ ! -x .venv/bin/personalsak ] || [ pyproject.toml -nt .venv/.installed ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev]'
    touch .venv/.installed
  fi
}

postgres_url() {
  # The PostgreSQL path is tested when a server answers on 127.0.0.1:5432 (trust auth).
  local url="postgresql+psycopg://postgres@127.0.0.1:5432/test"
  if .venv/bin/python - <<'PY' 2>/dev/null; then echo "$url"; fi
import psycopg
psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", connect_timeout=3).close()
PY
}

case "${1:-}" in
  up)
    setup
    shift
    exec .venv/bin/personalsak up "$@"
    ;;
  test)
    setup
    shift
    if [ -z "${PERSONALSAK_TEST_POSTGRES_URL:-}" ]; then
      PERSONALSAK_TEST_POSTGRES_URL="$(postgres_url)"
      export PERSONALSAK_TEST_POSTGRES_URL
    fi
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    exec .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup "$@"
    ;;
  *)
    echo "usage: bash deploy/dev.sh up|test [args]" >&2
    exit 64
    ;;
esac
