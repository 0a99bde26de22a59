/** Request body decoding as Vault's `parseJSONRequest`/`parseFormRequest` (contract §2.1). */

/** Go's net/http reads at most this much of a form body (`maxFormSize`): Vault refuses a longer one. */
export const MAX_FORM_BYTES = 10 << 20;

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
  if (isForm) return decodeForm(text);
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

/**
 * A form body as Vault's `parseFormRequest` reads it (Go's `ParseForm`): at most 10 MiB, `&`-separated,
 * `+` a space, a malformed `%` escape or a `;` refused, and a name given twice joined with commas.
 * One pass over the text; values are kept per name, not as a list of pairs.
 */
function decodeForm(text: string): BodyOutcome {
  if (Buffer.byteLength(text) > MAX_FORM_BYTES)
    return { ok: false, status: 400, message: "http: POST too large" };
  const values = new Map<string, string[]>();
  for (let start = 0; start <= text.length; ) {
    const next = text.indexOf("&", start);
    const end = next === -1 ? text.length : next;
    const pair = text.slice(start, end);
    start = end + 1;
    if (pair === "") continue;
    if (pair.includes(";"))
      return { ok: false, status: 400, message: "invalid semicolon separator in query" };
    const equals = pair.indexOf("=");
    const name = unescapeForm(equals === -1 ? pair : pair.slice(0, equals));
    const value = unescapeForm(equals === -1 ? "" : pair.slice(equals + 1));
    if (typeof name !== "string") return name;
    if (typeof value !== "string") return value;
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  // fromEntries defines each name (`__proto__` too) as a key of its own
  return { ok: true, value: Object.fromEntries([...values].map(([name, list]) => [name, list.join(",")])) };
}

const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** Go's `url.QueryUnescape`: `+` is a space; a `%` not followed by two hex digits is an error. */
function unescapeForm(text: string): string | BodyOutcome {
  const plain = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!plain.includes("%")) return plain;
  const bad = MALFORMED_ESCAPE.exec(plain);
  if (bad) {
    const quoted = JSON.stringify(plain.slice(bad.index, bad.index + 3));
    return { ok: false, status: 400, message: `invalid URL escape ${quoted}` };
  }
  // Each run of escapes is bytes, read as UTF-8 (invalid bytes become U+FFFD, as Go's strings print)
  return plain.replace(ESCAPE_RUN, (run) => Buffer.from(run.replaceAll("%", ""), "hex").toString("utf8"));
}

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
