# syntax=docker/dockerfile:1
# Trellis in a container: `docker compose up --build` (compose.yaml) runs it on PostgreSQL 16.
# Build stage: install the workspace, build the editor and the server bundle, then lay out the
# server's production dependencies (only PGlite is needed outside the bundle) with pnpm deploy.
FROM node:20-bookworm-slim AS build
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
WORKDIR /src
RUN npm install --global pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm --filter @trellis/web build \
 && pnpm --filter @trellis/server build \
 && pnpm --filter @trellis/server deploy --prod --legacy /out/apps/server \
 && rm -rf /out/apps/server/src /out/apps/server/bench \
 && mkdir -p /out/apps/web \
 && cp -r apps/web/dist /out/apps/web/dist \
 && cp -r examples /out/examples

# Runtime stage: plain Node running the compiled server as the unprivileged `node` user. The
# paths keep the repository's layout: the bundle finds the editor at ../../web/dist and the
# example journeys at ../../../examples from apps/server/dist.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    TRELLIS_DATA_DIR=/data \
    TRELLIS_METRICS=1
WORKDIR /app
COPY --from=build --chown=node:node /out /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# 200 once migrated and while the database answers (GET /api/ready).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Node is PID 1 and stops gracefully on SIGTERM (docker stop) itself; it starts no children.
CMD ["node", "apps/server/dist/main.js"]
