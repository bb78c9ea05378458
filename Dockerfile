# syntax=docker/dockerfile:1
# PhoGPT Chat: production image (Next.js standalone output on Node 24, non-root).
# Targets: `runner` (default, the app) and `migrate` (applies database migrations, then exits).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No lifecycle scripts here: they would create a development database and secret inside the image.
RUN npm ci --ignore-scripts
COPY prisma ./prisma
COPY scripts ./scripts
COPY prisma.config.ts ./
RUN node scripts/setup.mjs generate

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npx next build

FROM deps AS migrate
ENV NODE_ENV=production
# The search backfill after migrating folds text exactly as the app does.
COPY lib/text/fold.ts ./lib/text/fold.ts
USER node
CMD ["node", "scripts/setup.mjs", "migrate"]

FROM node:24-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# --max-semi-space-size: see scripts/server-node-options.mjs.
CMD ["node", "--max-semi-space-size=16", "server.js"]
