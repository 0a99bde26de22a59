import { type GoStruct, goStruct } from "./wire/go-json.js";

/** The node's state as `sys/health` reports it. Tests flip these to act out seals and fail-overs. */
export interface ServerState {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performanceStandby: boolean;
  drSecondary: boolean;
  /** HA fields (`ha_connection_healthy`, ...) are only on the wire when HA is on. */
  haEnabled: boolean;
  version: string;
  clusterName: string;
  clusterId: string;
}

/** A fresh, initialized, unsealed, active node, like `vault server -dev`. */
export function createServerState(version = "1.21.0"): ServerState {
  return {
    initialized: true,
    sealed: false,
    standby: false,
    performanceStandby: false,
    drSecondary: false,
    haEnabled: false,
    version,
    clusterName: "vault-cluster-keywarden",
    clusterId: "5a0d4f5e-8e6c-4f0b-9d55-7b1f8f1c2e11",
  };
}

const CODE_PARAMS = {
  activecode: 200,
  standbycode: 429,
  drsecondarycode: 472,
  performancestandbycode: 473,
  haunhealthycode: 474,
  sealedcode: 503,
  uninitcode: 501,
  removedcode: 530,
} as const;

function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** What `sys/health` answers: a status and a body, or a 400 for a bad query value. */
export type HealthOutcome = { ok: true; status: number; body: GoStruct } | { ok: false; status: 400 };

/**
 * `GET sys/health` (contract §7): the status code follows the node's state, overridable per state by
 * query parameters; the body is Go's `HealthResponse` struct, fields in declaration order.
 */
export function healthCheck(server: ServerState, query: URLSearchParams, nowMs: number): HealthOutcome {
  const codes: Record<string, number> = { ...CODE_PARAMS };
  for (const name of Object.keys(CODE_PARAMS)) {
    const raw = query.get(name);
    if (raw === null) continue;
    if (!/^[-+]?\d+$/.test(raw)) return { ok: false, status: 400 };
    codes[name] = Number(raw);
  }
  const flags: Record<string, boolean> = {};
  for (const name of ["standbyok", "perfstandbyok"]) {
    const raw = query.get(name);
    if (raw === null) continue;
    const parsed = parseGoBool(raw);
    if (parsed === undefined) return { ok: false, status: 400 };
    flags[name] = parsed;
  }
  let status = codes.activecode as number;
  if (!server.initialized) status = codes.uninitcode as number;
  else if (server.sealed) status = codes.sealedcode as number;
  else if (server.drSecondary) status = codes.drsecondarycode as number;
  else if (server.performanceStandby && !flags.perfstandbyok) status = codes.performancestandbycode as number;
  else if (server.standby && !server.performanceStandby && !flags.standbyok)
    status = codes.standbycode as number;

  const body: Record<string, unknown> = {
    initialized: server.initialized,
    sealed: server.sealed,
    standby: server.standby,
    performance_standby: server.performanceStandby,
    replication_performance_mode: "disabled",
    replication_dr_mode: "disabled",
    server_time_utc: Math.floor(nowMs / 1000),
    version: server.version,
    enterprise: false,
  };
  if (server.initialized && !server.sealed) {
    body.cluster_name = server.clusterName;
    body.cluster_id = server.clusterId;
  }
  body.echo_duration_ms = 0;
  body.clock_skew_ms = 0;
  body.replication_primary_canary_age_ms = 0;
  if (server.haEnabled) {
    body.removed_from_cluster = false;
    body.ha_connection_healthy = true;
    body.last_request_forwarding_heartbeat_ms = 0;
  }
  return { ok: true, status, body: goStruct(body) };
}
