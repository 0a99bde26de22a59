/** Request body decoding as Vault's `parseJSONRequest`/`parseFormRequest` (contract §2.1). */

/** A decoded body, or the status and message Vault answers for an undecodable one. */
export type BodyOutcome = { ok: true; value: unknown } | { ok: false; status: number; message: string };

/**
 * Decodes a body: empty → `null`; form-encoded only when the Content-Type says so **and** the text does
 * not start with `{` or `[`; JSON otherwise (Content-Type is not required).
 */
export function decodeBody(text: string, contentType: string | null, patch: boolean): BodyOutcome {
  const trimmed = text.trimStart();
  if (trimmed === "") return { ok: true, value: null };
  const isForm =
    (contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded") &&
    !trimmed.startsWith("{") &&
    !trimmed.startsWith("[");
  if (isForm) return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Vault 2.1's text; PATCH kept the old short one (contract §2.1)
    return {
      ok: false,
      status: 400,
      message: patch ? "error parsing JSON" : `error parsing JSON: failed to parse JSON input: ${detail}`,
    };
  }
}

/**
 * PATCH's Content-Type rule: it must parse to `application/merge-patch+json`; otherwise 415, or 400
 * with Go's `mime` error when missing. Returns `undefined` when acceptable.
 */
export function checkPatchContentType(
  contentType: string | null,
): { status: number; message: string } | undefined {
  if (contentType === null || contentType.trim() === "")
    return { status: 400, message: "mime: no media type" };
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mediaType)) {
    return { status: 400, message: "mime: expected slash after first token" };
  }
  if (mediaType !== "application/merge-patch+json") {
    return {
      status: 415,
      message: `PATCH requires Content-Type of application/merge-patch+json, provided ${mediaType}`,
    };
  }
  return undefined;
}
