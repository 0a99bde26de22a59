/** The `--help` text: every command and every setting, in one screen. */
export const HELP = `keywarden-rotator: rotates API keys before they expire, through HashiCorp Vault.

Usage: keywarden-rotator <command> [options]

Commands:
  run             Scheduler + scan worker + rotation worker (what a deployment runs); scans
                  once at start (once per schedule slot however many processes start).
  worker          Rotation worker only (add more processes to scale out).
  scan            Scan all keys now and enqueue one rotation per due key, then exit.
  plan            Pre-flight + dry run: checks the Vault token, then which keys would rotate,
                  when, to which Vault path, and whether the token may read it. Writes nothing.
                  Hides keys finished rotations retired unless --all.
  rotate <key>    Rotate one key now (by id or name), even when not due; waits for the result,
                  or until --timeout <duration> (e.g. 5m), then says what state the job was in.
  status          Queue counts, rotations in flight and their step, needs-attention list,
                  webhook deliveries given up.
  history <key>   The key's rotations over time: when, old id → new id, Vault version, how it
                  was verified, how long it took, who started it (schedule or manual), failures.
  cleanup         Remove the scan schedule and finished job records from Redis (never a waiting
                  or running rotation, never a lease); --dry-run lists them. Rotations needing
                  attention are kept unless --include-needs-attention.
  help            This text.

Options:
  --json          (scan, plan, rotate, status, history, cleanup) stdout is exactly one JSON document,
                  {"error":{"code","message",...}} on failure
  --all           (plan) list retired keys too
  --timeout <d>   (rotate) stop waiting after this long, e.g. 30s, 5m (the job is not cancelled)
  --dry-run       (cleanup) list what would be removed, remove nothing
  --include-needs-attention  (cleanup) remove rotations needing attention too
  --help, -h      this text
  --version       the version (with --json: {"name","version"})

Output: stdout holds the command's result only. Logs (pino JSON) go to stderr, except for run and
worker, which log to stdout; error messages go to stderr.

Settings (environment, or a JSON/YAML file named by KEYWARDEN_CONFIG_FILE with the same names;
the environment wins). The rotator's own settings start with KEYWARDEN_; Vault's and Redis's keep
their usual names. Unknown names in the file are refused; unknown KEYWARDEN_* names in the
environment are warned about, with the closest valid name.
  KEYWARDEN_URL              key service origin, e.g. https://utm.example.com        (required)
  KEYWARDEN_API_KEY_VAULT_PATH  Vault path (under the mount) of the rotator's own key {api_key, key_id};
                             the rotator then rotates its own key too. Or:
  KEYWARDEN_API_KEY          the rotator's own API key, given directly (never rotated), or:
  KEYWARDEN_USERNAME/_PASSWORD  a user with api.key.view/create/update/delete
  KEYWARDEN_API_KEY_HEADER   authorization | utm-api-key | x-api-key (UTMStack v11: utm-api-key)
  KEYWARDEN_RETIRE_OLD_KEYS  revoke (default; deletes where there is no revoke route) | delete (UTMStack v11)
  VAULT_ADDR                 e.g. https://vault.example.com:8200                      (required)
  VAULT_TOKEN                a token, or AppRole: VAULT_ROLE_ID + VAULT_SECRET_ID (VAULT_APPROLE_MOUNT=approle)
  VAULT_NAMESPACE            sent as X-Vault-Namespace (Enterprise / HCP Vault)
  VAULT_CACERT               CA to trust (PEM); with an http:// VAULT_ADDR any TLS setting is refused
  VAULT_CLIENT_CERT/_KEY     client certificate and key (PEM) for mTLS to Vault
  VAULT_TLS_SERVER_NAME      name to check Vault's certificate against
  VAULT_SKIP_VERIFY          true = no certificate check (warned at start; labs only)
  KEYWARDEN_CONNECT_TIMEOUT  connect deadline of every call (default 10s)
  KEYWARDEN_REQUEST_TIMEOUT  deadline of every call, answer included (default 30s)
  VAULT_KV_MOUNT             KV v2 mount (default secret)
  VAULT_PATH_TEMPLATE        path under the mount, with {name} (default keywarden/{name})
  REDIS_URL                  one Redis (default redis://127.0.0.1:6379), or for Redis Cluster:
  REDIS_CLUSTER_NODES        host:port,host:port (seed nodes; then REDIS_USERNAME, REDIS_PASSWORD,
                             REDIS_TLS=true apply to every node, and REDIS_URL must be unset)
  KEYWARDEN_QUEUE_PREFIX     BullMQ prefix with a {hash tag}, required on a cluster (default {keywarden})
  KEYWARDEN_SCHEDULE         cron, UTC (default */15 * * * *)
  KEYWARDEN_ROTATE_WITHIN    rotate keys expiring within this (default 7d)
  KEYWARDEN_GRACE_PERIOD     both keys valid this long after verification (default 0)
  KEYWARDEN_CONCURRENCY      rotations in parallel per process (default 4)
  KEYWARDEN_RATE_LIMIT       rotations started per second, across all processes (default unlimited)
  KEYWARDEN_ATTEMPTS, KEYWARDEN_BACKOFF  retries of transient failures (default 8, first delay 2s,
                             doubling, jittered)
  KEYWARDEN_SHUTDOWN_TIMEOUT graceful-stop deadline on SIGTERM/SIGINT (default 30s)
  KEYWARDEN_LEASE_TTL        how long a rotation's claim on its key outlives a killed rotator (default 90s)
  KEYWARDEN_RETRY_FAILED_AFTER  a scan retries a transient needs-attention after this (default 1h)
  KEYWARDEN_MAX_RETRY_AFTER  the longest pause one 429 Retry-After imposes (default 15m)
  KEYWARDEN_RATE_LIMIT_BUDGET  total 429 pause per rotation before 429s use attempts (default 1h)
  KEYWARDEN_METRICS_PORT     /metrics, /healthz, /readyz (default 9464; 0 = off)
  KEYWARDEN_METRICS_HOST     interface they listen on (default 0.0.0.0, all; e.g. 127.0.0.1)
  KEYWARDEN_LOG_LEVEL        fatal|error|warn|info|debug|trace|silent (default info)
  KEYWARDEN_POLICY_FILE      per-key policies (JSON/YAML): match, window, lifetime, path, gracePeriod, skip,
                             authorizationGroup
  KEYWARDEN_ROTATOR_ADDRESS  the rotator's egress IP, to verify keys whose allowedIp includes it
Renamed (the old names still work, with a warning, until the next minor version): CONFIG_FILE,
RETIRE_OLD_KEYS, QUEUE_PREFIX, SCHEDULE, ROTATE_WITHIN, GRACE_PERIOD, CONCURRENCY, RATE_LIMIT,
ATTEMPTS, BACKOFF, SHUTDOWN_TIMEOUT, METRICS_PORT, LOG_LEVEL, POLICY_FILE, ROTATOR_ADDRESS are now
KEYWARDEN_ followed by the same name.

Exit codes: 0 ok, 1 failure (e.g. a rotation needs attention), 2 bad usage or configuration.
`;
