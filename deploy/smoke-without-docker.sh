#!/usr/bin/env bash
# What the image and compose file do, without a container engine: build and pack the five packages,
# install the tarballs with npm into a fresh project outside the workspace (the Dockerfile's install
# stage), then start the mock and `keywarden-rotator run` with the compose file's settings (on
# loopback ports, under a Redis prefix of its own) and wait for the seeded key's rotation.
# Needs Redis on 127.0.0.1:6379. Takes about a minute; not part of `pnpm test`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
mock_port=14010 vault_port=18200 metrics_port=19464
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  redis-cli --scan --pattern '{kwsmoke}*' | xargs -r redis-cli del >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build and pack (a clean copy of HEAD, so the work tree gets no dist/)"
git -C "$repo" archive HEAD | tar -x -C "$work" --one-top-level=src
(cd "$work/src" && pnpm install --frozen-lockfile --prefer-offline >/dev/null \
  && pnpm --filter @keywarden/rules --filter @keywarden/sdk --filter @keywarden/vault --filter @keywarden/rotator \
       --filter @keywarden/mock-server build >/dev/null \
  && for name in rules sdk vault rotator mock-server; do
       pnpm --filter "@keywarden/$name" pack --pack-destination "$work/packs" >/dev/null
     done)
ls "$work/packs"

echo "== npm install of the tarballs into a fresh project"
mkdir "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --omit=dev --no-audit --no-fund "$work"/packs/*.tgz >/dev/null 2>&1
export PATH="$work/app/node_modules/.bin:$PATH"

echo "== the mock, seeded as compose seeds it"
node "$repo/deploy/mock-seed.mjs" > "$work/seed.json"
keywarden-mock --host 127.0.0.1 --port "$mock_port" --vault-port "$vault_port" --seed "$work/seed.json" \
  > "$work/mock.log" 2>&1 &
pids+=($!)

echo "== keywarden-rotator run, with the compose file's settings"
export KEYWARDEN_URL="http://127.0.0.1:$mock_port" KEYWARDEN_USERNAME=admin KEYWARDEN_PASSWORD=admin \
  VAULT_ADDR="http://127.0.0.1:$vault_port" VAULT_TOKEN=root REDIS_URL=redis://127.0.0.1:6379 \
  KEYWARDEN_SCHEDULE='* * * * *' KEYWARDEN_QUEUE_PREFIX='{kwsmoke}' KEYWARDEN_METRICS_PORT="$metrics_port"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$vault_port/v1/sys/health" >/dev/null && break; sleep 0.1; done
keywarden-rotator plan
keywarden-rotator run > "$work/rotator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '"event":"rotation.finished"' "$work/rotator.log" && break; sleep 0.2; done
grep '"event":"rotation.finished"' "$work/rotator.log" || { cat "$work/rotator.log"; exit 1; }

echo "== the image's HEALTHCHECK command"
KEYWARDEN_METRICS_PORT="$metrics_port" node -e "fetch(\`http://127.0.0.1:\${process.env.KEYWARDEN_METRICS_PORT || 9464}/healthz\`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
echo "healthcheck exit code: $?"
curl -s "http://127.0.0.1:$metrics_port/metrics" | grep -E '^keywarden_(rotations_total|keys_due|keys_scanned|redis_up)[ {]'
echo "smoke test passed"
