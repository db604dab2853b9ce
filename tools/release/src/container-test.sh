#!/usr/bin/env bash
# Container test: the API image proven in a real Docker engine (npm run test:container,
# nx run tools-release:container-test). Needs DOCKER_HOST etc. from
#   bash ../shared/tools/docker/ci-docker.sh start && bash ../shared/tools/docker/ci-docker.sh images
#   . "${CI_DOCKER_WORK:-/var/tmp/ci-docker}/env.sh"
#
#  1. lint: `docker build --check` on the Dockerfile, dclint on docker/compose.yaml
#  2. build release A with `nx run api:container` (APP_VERSION=$CT_VERSION_A); report size and time
#  3. image: non-root user, no .sqlite/.db file in any layer, no secret in its config
#  4. run A on a named volume and a 127.0.0.1 port; wait for `healthy`; register a user, post an article
#  5. `docker stop` (SIGTERM) while requests are in flight: exit code 0 within the grace
#     period, every accepted request answered successfully
#  6. build release B (another APP_VERSION; BuildKit re-uses A's layers), run it on the same
#     volume: /api/health reports B's version, the user and the article from A are still there
#  7. `docker compose up --wait` with the SQLite volume answers /api/health
# Env: CT_IMAGE (conduit-api-ct), CT_VERSION_A (1.0.0-ct.1), CT_VERSION_B (1.0.1-ct.1),
#      CT_STOP_GRACE (20 seconds), CT_KEEP=1 keeps containers and volumes for debugging.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
HERE=tools/release/src
# The HTTP half, in TypeScript (typescript-loader.mjs lets Node 20 run it; Node 24 strips the types itself).
CLIENT=(node --import ./tools/release/typescript-loader.mjs "$HERE/container-test-client.ts")
IMAGE_REPO=${CT_IMAGE:-conduit-api-ct}
VERSION_A=${CT_VERSION_A:-1.0.0-ct.1}
VERSION_B=${CT_VERSION_B:-1.0.1-ct.1}
GRACE=${CT_STOP_GRACE:-20}
RUN_ID="ct$$"
VOLUME="conduit-ct-data-$RUN_ID"
PROJECT="conduit-ct-$RUN_ID"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/conduit-container-test.XXXXXX")"
JWT_SECRET_CT="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
T0=$(date +%s)
CONTAINERS=()

log() { printf '[container-test %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[container-test] FAIL: %s\n' "$*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - $1 )); }

cleanup() {
  local code=$?
  if [ "${CT_KEEP:-0}" != 1 ]; then
    for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
    CONDUIT_IMAGE="$IMAGE_REPO:b" JWT_SECRET=x docker compose -f docker/compose.yaml -p "$PROJECT" down --volumes --timeout 5 >/dev/null 2>&1 || true
    docker volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
  if [ "$code" -eq 0 ]; then log "PASSED in $(elapsed "$T0") s"; else log "FAILED (exit $code) after $(elapsed "$T0") s"; fi
}
trap cleanup EXIT

docker info --format '{{.ServerVersion}}' >/dev/null 2>&1 \
  || die "no Docker engine at ${DOCKER_HOST:-the default socket}; start one (see the header of $0)"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'; }

wait_healthy() { # container, timeout seconds
  local c=$1 deadline=$(( $(date +%s) + $2 )) status
  while :; do
    status="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c")"
    case "$status" in
      "running healthy") return 0 ;;
      exited*|dead*) docker logs --tail 40 "$c" >&2 || true; die "$c stopped while starting ($status)" ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || { docker logs --tail 40 "$c" >&2 || true; die "$c not healthy after $2 s ($status)"; }
    sleep 0.5
  done
}

run_api() { # name, image
  local name=$1 image=$2
  docker run -d --name "$name" \
    -v "$VOLUME:/data" \
    -p 127.0.0.1::3000 \
    -e JWT_SECRET="$JWT_SECRET_CT" \
    -e AUTH_RATE_LIMIT=0 \
    -e LOG_LEVEL=warn \
    --stop-timeout "$GRACE" \
    "$image" >/dev/null
  CONTAINERS+=("$name")
  wait_healthy "$name" 90
  BASE="http://127.0.0.1:$(docker port "$name" 3000/tcp | head -n1 | sed 's/.*://')"
}

build() { # tag, version
  local started
  started=$(date +%s)
  IMAGE="$IMAGE_REPO:$1" APP_VERSION="$2" npx nx run api:container --outputStyle=static >"$WORK/build-$1.log" 2>&1 \
    || { tail -60 "$WORK/build-$1.log" >&2; die "image build $1 failed"; }
  BUILD_SECONDS=$(elapsed "$started")
}

# ---- 1. lint ----------------------------------------------------------------------------
log "lint: docker build --check, dclint"
if docker build --help 2>/dev/null | grep -q -- '--check'; then
  # Exits 1 on any warning ("Check complete, N warnings have been found!").
  docker build --check --quiet . >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log" >&2; die "docker build --check reported problems"; }
else
  die "this docker has no 'build --check' (start the engine with DOCKER_SUITE=sid)"
fi
npx dclint docker/compose.yaml >"$WORK/dclint.log" 2>&1 || { cat "$WORK/dclint.log" >&2; die "dclint reported errors"; }
grep -Eq '(warning|error)' "$WORK/dclint.log" && { cat "$WORK/dclint.log" >&2; die "dclint reported problems"; }

# ---- 2. build A -------------------------------------------------------------------------
log "build A: nx run api:container (APP_VERSION=$VERSION_A)"
build a "$VERSION_A"
SIZE_A=$(docker image inspect -f '{{.Size}}' "$IMAGE_REPO:a")
log "image $IMAGE_REPO:a built in ${BUILD_SECONDS} s; size $(( SIZE_A / 1000000 )) MB"
BUILD_A_SECONDS=$BUILD_SECONDS

# ---- 3. image content -------------------------------------------------------------------
log "image: non-root, no database file, no secret"
user="$(docker image inspect -f '{{.Config.User}}' "$IMAGE_REPO:a")"
case "$user" in ''|0|0:*|root|root:*) die "image runs as root (User='$user')" ;; esac
uid="$(docker run --rm --entrypoint id "$IMAGE_REPO:a" -u)"
[ "$uid" != 0 ] || die "container process runs as uid 0"
[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.version"}}' "$IMAGE_REPO:a")" = "$VERSION_A" ] \
  || die "label org.opencontainers.image.version is not $VERSION_A"
docker image inspect -f '{{json .Config.Env}}' "$IMAGE_REPO:a" | grep -q 'DATABASE_URL=sqlite:/data/conduit.sqlite' \
  || die "DATABASE_URL default is not sqlite:/data/conduit.sqlite"
if docker image inspect -f '{{json .Config.Env}}' "$IMAGE_REPO:a" | grep -Eq '(JWT_SECRET|PASSWORD|TOKEN)='; then
  die "a secret is set in the image config"
fi
mkdir -p "$WORK/layers"
docker save "$IMAGE_REPO:a" | tar -x -C "$WORK/layers"
db_files=""; layers=0; saw_main=0
while IFS= read -r -d '' blob; do
  listing="$(tar -tf "$blob" 2>/dev/null)" || continue   # config and manifest blobs are not tars
  layers=$((layers + 1))
  grep -qx 'app/main.js' <<<"$listing" && saw_main=1
  hits="$(grep -E '\.(sqlite|sqlite3|db)(-wal|-shm|-journal)?$' <<<"$listing" || true)"
  [ -z "$hits" ] || db_files="$db_files$hits"$'\n'
done < <(find "$WORK/layers" -type f -size +0 -print0)
# The scan must have seen the layers (app/main.js is in one), or it proves nothing.
if [ "$layers" -eq 0 ] || [ "$saw_main" != 1 ]; then die "could not read the image layers from docker save"; fi
[ -z "$db_files" ] || die "database files in the image layers: $db_files"
log "scanned $layers layers: no .sqlite/.db file"
rm -rf "$WORK/layers"

# ---- 4. run A, seed data ----------------------------------------------------------------
log "run A on volume $VOLUME"
docker volume create "$VOLUME" >/dev/null
run_api "$RUN_ID-a" "$IMAGE_REPO:a"
"${CLIENT[@]}" seed "$BASE" "$WORK/state.json" || die "seeding through A failed"
"${CLIENT[@]}" verify "$BASE" "$WORK/state.json" "$VERSION_A" >/dev/null || die "A does not serve its own data"

# ---- 5. SIGTERM under load --------------------------------------------------------------
log "docker stop A (SIGTERM, grace ${GRACE} s) with requests in flight"
"${CLIENT[@]}" load "$BASE" "$WORK/state.json" "$WORK/ready" >"$WORK/load.json" &
LOAD_PID=$!
for _ in $(seq 1 100); do [ -f "$WORK/ready" ] && break; sleep 0.05; done
[ -f "$WORK/ready" ] || die "load client did not start"
stop_started=$(date +%s%N)
docker stop -t "$GRACE" "$RUN_ID-a" >/dev/null
stop_ms=$(( ($(date +%s%N) - stop_started) / 1000000 ))
load_ok=0; wait "$LOAD_PID" || load_ok=$?
cat "$WORK/load.json"
exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$RUN_ID-a")"
log "A stopped in ${stop_ms} ms with exit code $exit_code"
[ "$exit_code" = 0 ] || { docker logs --tail 30 "$RUN_ID-a" >&2; die "exit code $exit_code after SIGTERM (expected 0)"; }
[ "$stop_ms" -lt $(( GRACE * 1000 )) ] || die "stop took ${stop_ms} ms: the grace period ran out (SIGKILL)"
[ "$load_ok" = 0 ] || die "requests failed during the shutdown (see above)"

# ---- 6. release B on the same volume ----------------------------------------------------
log "build B: nx run api:container (APP_VERSION=$VERSION_B)"
build b "$VERSION_B"
BUILD_B_SECONDS=$BUILD_SECONDS
log "image $IMAGE_REPO:b built in ${BUILD_B_SECONDS} s (cache from A)"
run_api "$RUN_ID-b" "$IMAGE_REPO:b"
"${CLIENT[@]}" verify "$BASE" "$WORK/state.json" "$VERSION_B" || die "release B lost data or reports the wrong version"
docker stop -t "$GRACE" "$RUN_ID-b" >/dev/null
[ "$(docker inspect -f '{{.State.ExitCode}}' "$RUN_ID-b")" = 0 ] || die "B did not exit 0 on SIGTERM"

# ---- 7. compose -------------------------------------------------------------------------
log "docker compose up --wait (SQLite on a named volume)"
COMPOSE_PORT="$(free_port)"
export CONDUIT_IMAGE="$IMAGE_REPO:b" JWT_SECRET="$JWT_SECRET_CT" API_PORT="$COMPOSE_PORT"
docker compose -f docker/compose.yaml -p "$PROJECT" up --wait --wait-timeout 90 --pull never >"$WORK/compose.log" 2>&1 \
  || { cat "$WORK/compose.log" >&2; docker compose -f docker/compose.yaml -p "$PROJECT" logs --tail 40 >&2 || true; die "compose up --wait failed"; }
health="$(node -e 'fetch(process.argv[1]).then(async r=>{process.stdout.write(r.status+" "+await r.text());process.exit(r.ok?0:1)},e=>{process.stdout.write(e.message);process.exit(1)})' "http://127.0.0.1:$COMPOSE_PORT/api/health")" \
  || die "compose: /api/health did not answer: $health"
log "compose: /api/health → $health"
docker compose -f docker/compose.yaml -p "$PROJECT" down --volumes --timeout "$GRACE" >/dev/null 2>&1

log "summary: image $(( SIZE_A / 1000000 )) MB; build A ${BUILD_A_SECONDS} s, build B ${BUILD_B_SECONDS} s; stop under load ${stop_ms} ms"
