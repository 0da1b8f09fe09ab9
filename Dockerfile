# syntax=docker/dockerfile:1
# Carryover's image: built in one stage, run from another that holds only the built output and production
# dependencies. CI performs these same steps without a container (.ci/image-steps.mjs reads this file), since
# base images cannot be pulled there.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data
WORKDIR /app
# The base image is Node 24 already: --ignore-scripts skips the `node` package's 120 MiB download, the only
# production dependency with an install script.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The code stays root's and read-only to the service; only the embedded database's directory is the service's.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 and takes SIGTERM: `docker stop` finishes the job under way and exits within its 10 s.
CMD ["node", "--enable-source-maps", "dist/node.js"]
