# syntax=docker/dockerfile:1
# The gateway image; the worker runs the same image with another command (compose.yaml).
#   docker build -t yrd-gateway .
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: dev dependencies (tsc) compile apps and libs into dist/ (npm run build).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: none is needed to compile (tsc ships its binary as an optional package).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# Apps and libs to JavaScript, and the web console (Vite) to the static files the gateway serves at /.
RUN npm run build

# Runtime: production dependencies and the compiled output only, no transpiler, no sources.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    GRPC_PORT=50051
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/console/dist ./apps/console/dist
# Owned by root and read-only to the process; nothing is written under /app in production
# (PostgreSQL holds the state, DATA_DIR is only for the embedded database).
USER node
EXPOSE 3000 50051
# Ready = database answers and migrations ran (the same probe a load balancer uses); the image
# has no curl, Node 20 has fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/apps/gateway/src/main.js"]
