# Conduit API image: built once per release, pushed to Docker Hub and Amazon ECR.
#   docker build --build-arg APP_VERSION=1.2.3 --build-arg GIT_SHA=$(git rev-parse HEAD) -t conduit-api:1.2.3 .
#   (or: APP_VERSION=1.2.3 npx nx run api:container)
# No "# syntax=" line on purpose: the built-in BuildKit frontend understands this file, and
# pulling a frontend image would need Docker Hub at build time.
# The data never lives in the image: DATABASE_URL points at the /data volume (SQLite) or at
# PostgreSQL; no database file and no secret is written into any layer.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- toolchain: compilers for native modules (sqlite3) and tini for the runtime ----------
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 make g++ tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=true CI=true \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ---- build: the whole workspace's dependencies, then `nx build api` (the bundles) -------
FROM toolchain AS build
WORKDIR /workspace
COPY package.json package-lock.json ./
# Scripts are skipped here: the bundles need no native sqlite3 (it stays external); the runtime
# copy is compiled below from the app's own lock file.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx build api --outputStyle=static \
 && test -f dist/apps/api/main.js \
 && test -f dist/apps/api/server.js \
 && test -f dist/apps/api/migrate.js \
 && test -f dist/apps/api/openapi.json \
 && test -f dist/apps/api/certs/aws-rds-ca-bundle.pem \
 && test -f dist/apps/api/package-lock.json

# ---- prod-deps: the few modules the bundles load from node_modules -----------------------
# dist/apps/api/package.json lists only them (sqlite3, a native addon compiled here for this
# base image; swagger-ui-dist, the docs page's files) with a lock pruned from the workspace's.
FROM toolchain AS prod-deps
WORKDIR /app
COPY --from=build /workspace/dist/apps/api/package.json /workspace/dist/apps/api/package-lock.json ./
# Keep only what runs: the compiled sqlite3 addon without its sources and objects, and no
# source maps, type declarations or markdown from the packages.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund \
 && ( cd node_modules/sqlite3 \
      && mv build/Release/node_sqlite3.node /tmp/node_sqlite3.node \
      && rm -rf build deps src \
      && mkdir -p build/Release \
      && mv /tmp/node_sqlite3.node build/Release/node_sqlite3.node ) \
 && node -e 'require("sqlite3")' \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete

# ---- runtime: Node + the bundles + those modules, as a non-root user ---------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=toolchain /usr/bin/tini-static /usr/bin/tini
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/api/ ./
COPY docker/healthcheck.js /usr/local/lib/conduit/healthcheck.js
COPY docker/write-code-cache.js /usr/local/lib/conduit/write-code-cache.js
# /data belongs to the unprivileged user so a fresh named volume is writable by the app.
RUN mkdir -p /data && chown 1000:1000 /data && chmod 0750 /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/conduit.sqlite
# Memory for a small (512 MiB) container, measured with `npm run bench:container`
# (docs/performance.md, "Memory: NODE_OPTIONS in the image"); the AWS targets replace
# NODE_OPTIONS with values for their instance size (apps/infra/src/targets/node-options.ts).
# V8: without a cap it sizes the heap from the host's memory and lets garbage pile up; 8 MiB
# semi-spaces cost ~3 % of a list's throughput, smaller ones more. glibc: blocks of 128 KiB
# and more (scrypt's 16 MiB per hash) are mapped and given back when freed instead of staying
# in a heap, and two arenas serve libuv's pool threads instead of up to eight per core.
ENV NODE_OPTIONS="--max-old-space-size=288 --max-semi-space-size=8" \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_ARENA_MAX=2
# V8's code cache for server.js, made here under the ENV above; main.js reads it at every start
# (/app is not writable at run time, so it is never rewritten there). Other heap sizes, as the
# AWS targets set, still accept it; a flag such as --jitless would not.
RUN node /usr/local/lib/conduit/write-code-cache.js && test -s server.js.cache
VOLUME ["/data"]
EXPOSE 3000
USER 1000:1000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --start-interval=1s --retries=3 \
  CMD ["node", "/usr/local/lib/conduit/healthcheck.js"]
# tini is PID 1: it forwards SIGTERM to the server and reaps. The server applies pending
# migrations itself as it starts, under a lock (DB_MIGRATIONS=off: run `node migrate.js` instead).
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["node", "main.js"]

# Release metadata last, so a new version re-uses every layer above.
ARG APP_VERSION=0.0.0-dev
ARG GIT_SHA=unknown
ARG BUILD_DATE=unknown
ARG SOURCE_URL=unknown
ENV APP_VERSION=${APP_VERSION} \
    GIT_SHA=${GIT_SHA}
LABEL org.opencontainers.image.title="conduit-api" \
      org.opencontainers.image.description="Conduit (RealWorld) API: NestJS on Fastify, SQLite or PostgreSQL" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${GIT_SHA}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.created="${BUILD_DATE}"
