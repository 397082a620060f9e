# NetBird MSP Appliance image: Next.js standalone server, non-root, health-checked.
#
#   Connected machine:  docker build -t netbird-msp:local .
#   Air-gapped machine: scripts/make-base-image.sh
#                       docker build --build-arg BASE_IMAGE=netbird-msp-base:local -t netbird-msp:local <context>
# A context holding prebuilt/ (install.sh stages one from a host build) is used as is;
# a plain source checkout is built in the first stage, which needs the npm registry and,
# for better-sqlite3, a compiler (installed with apt-get on Debian-based images).
# Works with the classic builder and with BuildKit.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN set -e; \
    if [ -f prebuilt/server.js ]; then \
      rm -rf /app; mv prebuilt /app; \
    else \
      if command -v apt-get >/dev/null; then \
        apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates && rm -rf /var/lib/apt/lists/*; \
      fi; \
      unset NEXT_DIST_DIR; npm ci --no-audit --no-fund && NEXT_TELEMETRY_DISABLED=1 npm run build; \
      mkdir -p /app/.next /app/prisma; \
      cp -a .next/standalone/. /app/; cp -a .next/static /app/.next/static; \
      cp -a public /app/public; cp -a prisma/migrations /app/prisma/; rm -rf /app/templates; cp -a templates /app/templates; \
      find /app/node_modules/@prisma/client/runtime -type f \( -name '*.mysql.*' -o -name '*.postgresql.*' -o -name '*.sqlserver.*' -o -name '*.cockroachdb.*' \) -delete; \
    fi; \
    rm -f /app/.env /app/.env.*; \
    mkdir -p /out/bin; \
    if [ -x prebuilt-bin/restic ]; then cp prebuilt-bin/restic /out/bin/restic; \
    elif command -v apt-get >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends restic && cp /usr/bin/restic /out/bin/restic && rm -rf /var/lib/apt/lists/*; \
    fi; \
    cp scripts/docker-entrypoint.sh /app/docker-entrypoint.sh; \
    chmod 755 /app/docker-entrypoint.sh; \
    mkdir -p /out; cp /etc/passwd /out/passwd; cp /etc/group /out/group; \
    echo 'netbird-msp:x:10001:10001:NetBird MSP Appliance:/app:/sbin/nologin' >>/out/passwd; \
    echo 'netbird-msp:x:10001:' >>/out/group

FROM ${BASE_IMAGE}
COPY --from=build /out/passwd /out/group /etc/
COPY --from=build --chown=10001:10001 /app /app
# restic, the backup engine: a static binary (install.sh stages the host's; otherwise Debian's).
COPY --from=build /out/bin/ /usr/local/bin/
WORKDIR /app
# HOSTNAME: Docker sets it to the container id, which Next.js would bind to.
# NODE_OPTIONS: a bounded heap keeps memory flat under load (scripts/supervise.mjs says why; override with -e NODE_OPTIONS=...).
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 AUTH_TRUST_HOST=true HOSTNAME=0.0.0.0 \
    NODE_OPTIONS="--max-old-space-size=320 --max-semi-space-size=2" \
    WEB_UI_PORT=8000 DATABASE_PATH=/var/lib/netbird-msp/netbird_msp.db DATA_DIR=/var/lib/netbird-msp/tenants
# The Docker socket's group is added at run time (docker run --group-add <gid of the socket>).
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WEB_UI_PORT || 8000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["node", "server.js"]
