#!/bin/sh
# Container entrypoint: run pending database migrations once (the app takes a lock, so
# several instances starting together are safe), then replace this shell with the server so
# it receives SIGTERM directly from tini (PID 1) and shuts down gracefully.
#   DB_MIGRATIONS=off  skips the step (e.g. when a release job migrates beforehand).
set -eu

if [ "${1:-}" = "node" ] && [ "${DB_MIGRATIONS:-on}" != "off" ] && [ -f /app/migrate.js ]; then
  echo "entrypoint: running database migrations" >&2
  node /app/migrate.js
  # Done once here; the server's own start-up pass would only find nothing pending.
  export DB_MIGRATIONS=off
fi

exec "$@"
