#!/usr/bin/env bash
# Make sure a PostgreSQL server runs on 127.0.0.1:5432 and a database jingshu_test exists;
# print its SQLAlchemy URL on stdout (nothing if PostgreSQL cannot be had).
set -uo pipefail

ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! ready && command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] && pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
  for _ in $(seq 20); do ready && break; sleep 0.5; done
fi
ready || { echo "start-postgres: no PostgreSQL on 127.0.0.1:5432" >&2; exit 0; }

url=""
if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  url="postgresql+psycopg://postgres@127.0.0.1:5432/jingshu_test"
  psql_cmd=(psql -h 127.0.0.1 -U postgres -d postgres -tAc)
elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
  # Debian's default: peer auth on the socket, password on TCP. Give postgres a password.
  runuser -u postgres -- psql -tAc "ALTER USER postgres PASSWORD 'jingshu-test'" >/dev/null
  url="postgresql+psycopg://postgres:jingshu-test@127.0.0.1:5432/jingshu_test"
  psql_cmd=(runuser -u postgres -- psql -tAc)
else
  echo "start-postgres: cannot log in to PostgreSQL as postgres" >&2; exit 0
fi
"${psql_cmd[@]}" "select 1 from pg_database where datname='jingshu_test'" | grep -q 1 \
  || "${psql_cmd[@]}" "create database jingshu_test" >/dev/null
echo "$url"
