import type { MockReply } from "../../exchange/reply.js";
import { goEncode, goMarshal, goStruct } from "./go-json.js";

/**
 * A Vault HTTP answer, as either front end writes it: routing and rules produce these, so they can be
 * tested without msw or a socket. `body` is the exact text on the wire (`""` for no body).
 */
export type VaultReply = MockReply;

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
