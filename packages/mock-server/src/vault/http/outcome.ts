import type { KvOutcome } from "../kv2/types.js";
import { envelope } from "../wire/envelope.js";
import { emptyReply, errorReply, noContentReply, okReply, rawReply, type VaultReply } from "../wire/reply.js";

/** Puts a KV outcome on the wire, one body shape per kind (contract §1.5). */
export function kvReply(outcome: KvOutcome, requestId: string, extraWarnings: string[] = []): VaultReply {
  switch (outcome.kind) {
    case "data":
      return okReply(
        envelope({
          requestId,
          data: outcome.data,
          warnings: [...(outcome.warnings ?? []), ...extraWarnings],
          mountType: "kv",
        }),
      );
    case "warnings":
      return okReply(
        envelope({ requestId, warnings: [...outcome.warnings, ...extraWarnings], mountType: "kv" }),
      );
    case "noContent":
      // a 204 endpoint answers 200 when it has warnings (DOC-API)
      return extraWarnings.length > 0
        ? okReply(envelope({ requestId, warnings: extraWarnings, mountType: "kv" }))
        : noContentReply();
    case "notFound":
      return errorReply(404);
    case "error":
      return errorReply(outcome.status, [outcome.message]);
    case "rawNotFound":
      return rawReply(404, envelope({ requestId, data: outcome.data, mountType: "" }));
    case "emptyNotFound":
      return emptyReply(404);
  }
}

/** `Endpoint ignored these unrecognized parameters: [a b]` for fields the path does not know (§2.2). */
export function unknownParamsWarning(input: unknown, known: readonly string[]): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return [];
  const unknown = Object.keys(input)
    .filter((k) => !known.includes(k))
    .sort();
  return unknown.length > 0 ? [`Endpoint ignored these unrecognized parameters: [${unknown.join(" ")}]`] : [];
}
