#!/usr/bin/env bash
# Install everything and run the whole test suite: lint (ruff), types (mypy --strict),
# import layers (lint-imports, contracts in pyproject.toml),
# then pytest on SQLite and, where PostgreSQL can be had, once more on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

echo "== ruff"; .venv/bin/ruff check src tests bench scripts
echo "== mypy"; .venv/bin/mypy
echo "== import layers (docs/architecture.md)"; .venv/bin/lint-imports --no-cache
echo "== pytest (SQLite)"
.venv/bin/pytest -q -n 2 -p no:cacheprovider "$@"

pg_url=$(bash scripts/start-postgres.sh || true)
if [ -n "$pg_url" ]; then
  echo "== pytest (PostgreSQL)"
  JINGSHU_TEST_DATABASE_URL="$pg_url" .venv/bin/pytest -q -n 2 -p no:cacheprovider \
    -m "not browser and not realdata" "$@"
else
  echo "== PostgreSQL run skipped: no server could be started (see above)"
fi
