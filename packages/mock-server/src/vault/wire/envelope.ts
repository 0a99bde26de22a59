import { type GoStruct, goStruct } from "./go-json.js";

/** The parts of a `logical.HTTPResponse` that vary between responses. */
export interface EnvelopeParts {
  requestId: string;
  data?: unknown;
  warnings?: readonly string[] | null;
  auth?: GoStruct | null;
  /** `"kv"`, `"token"`, or `""` for login responses and KV raw 404 bodies. */
  mountType: string;
  leaseId?: string;
  renewable?: boolean;
  leaseDuration?: number;
}

/**
 * The response envelope with its fields in Vault's order (contract §1.1):
 * `request_id, lease_id, renewable, lease_duration, data, wrap_info, warnings, auth, mount_type`.
 */
export function envelope(parts: EnvelopeParts): GoStruct {
  return goStruct({
    request_id: parts.requestId,
    lease_id: parts.leaseId ?? "",
    renewable: parts.renewable ?? false,
    lease_duration: parts.leaseDuration ?? 0,
    data: parts.data ?? null,
    wrap_info: null,
    warnings: parts.warnings && parts.warnings.length > 0 ? [...parts.warnings] : null,
    auth: parts.auth ?? null,
    mount_type: parts.mountType,
  });
}
