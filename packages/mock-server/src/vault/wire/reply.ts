import { goEncode, goMarshal, goStruct } from "./go-json.js";

/**
 * A Vault HTTP answer before it becomes a `Response`: routing and rules produce these, so they can be
 * tested without MSW. `body` is the exact text on the wire (`""` for no body).
 */
export interface VaultReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** 200 with an envelope, written by `respondOk`: compact JSON plus one newline. */
export function okReply(value: unknown, status = 200): VaultReply {
  return { status, body: goEncode(value) };
}

/** 204: success without a body. */
export function noContentReply(): VaultReply {
  return { status: 204, body: "" };
}

/** `{"errors":[...]}` plus a newline, as `RespondError` writes it; `[]` for a plain not-found. */
export function errorReply(status: number, errors: readonly string[] = []): VaultReply {
  return { status, body: goEncode(goStruct({ errors: [...errors] })) };
}

/** A body pre-serialized by a plugin (`RespondWithStatusCode`): `json.Marshal`, **no** trailing newline. */
export function rawReply(status: number, value: unknown): VaultReply {
  return { status, body: goMarshal(value) };
}

/** A status with an empty body (KV PATCH on a missing key, non-printable path). */
export function emptyReply(status: number): VaultReply {
  return { status, body: "" };
}
