# syntax=docker/dockerfile:1
# Node 24 LTS, the version the project's `node` dev dependency pins for tests, the demo and the bench.
# Pinned by digest too, so a rebuilt tag cannot change what runs.
ARG NODE_IMAGE=node:24.21.0-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6

# Build stage: compile TypeScript with the dev dependencies (the server runs the build, not the
# sources: docs/ARCHITECTURE.md says why).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, running as the unprivileged `node` user.
FROM ${NODE_IMAGE}
# glibc's malloc keeps an arena per thread that ever allocated; Node 24 holds ~45 MiB more RSS
# under load than with two (docs/PERFORMANCE.md), for no measured latency cost.
ENV NODE_ENV=production PORT=3000 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY db ./db
COPY bin ./bin
# The embedded database (used when DATABASE_URL is unset) keeps its data here; mount a volume on it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (/healthz answers in HTTP and Socket Mode alike); /readyz is for load balancers.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 and handles SIGTERM itself: stops taking work, lets running jobs finish (up to
# 10 s), closes the pool. Give it that long: `docker stop -t 30`, terminationGracePeriodSeconds: 30.
# A 2 MiB young generation instead of V8's default growth to 16 MiB per semi-space: ~25 MiB less
# RSS under load for no measured latency cost. V8 lets the old generation grow to up to 4x what
# was live after its last full GC (on a machine of 8 GiB or more), and the pages it took stay
# resident: a 1 GiB old space (~25x the bot's live heap) lowers the first collection's threshold,
# and growth by 10% after each bounds the rest. ~140 MiB less RSS at the pipeline's peak
# (docs/PERFORMANCE.md).
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=1024", "--heap-growing-percent=10", "dist/cli.js", "start"]
