import { describe, expect, it } from "vitest";
import { REDACTED, redactCause } from "../../src/errors/redact.js";
import { ConnectionError } from "../../src/index.js";

const SECRET = "s3cr3t-password";

/** An error as Node's socket layer makes one. */
const socketError = (message: string) =>
  Object.assign(new Error(message), { code: "ECONNRESET", errno: -104, syscall: "read", port: 443 });

describe("the cause of an error", () => {
  it("is kept as it is when nothing in it holds a secret", () => {
    const cause = new TypeError("fetch failed", { cause: socketError("read ECONNRESET") });
    expect(redactCause(cause, [SECRET])).toBe(cause);
    expect(new ConnectionError("c", { cause, secrets: [SECRET] }).cause).toBe(cause);
  });

  it("is a copy of the same class, fields kept, when a nested cause names a secret", () => {
    const cause = new TypeError("fetch failed", { cause: socketError(`proxy refused ${SECRET}`) });
    const safe = redactCause(cause, [SECRET]) as TypeError & { cause: ReturnType<typeof socketError> };
    expect(safe).not.toBe(cause);
    expect(safe).toBeInstanceOf(TypeError);
    expect(safe.message).toBe("fetch failed");
    expect(safe.cause).toMatchObject({ code: "ECONNRESET", errno: -104, syscall: "read", port: 443 });
    expect(safe.cause.message).toBe(`proxy refused ${REDACTED}`);
    expect(String(safe.cause.stack)).not.toContain(SECRET);
  });

  it("redacts credential shapes it was not told about, and every error of an AggregateError", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    const cause = new AggregateError(
      [socketError(`GET /x?access_token=${jwt}`), socketError("fine")],
      "failed",
    );
    const safe = redactCause(cause, []) as AggregateError;
    expect(safe).toBeInstanceOf(AggregateError);
    expect(JSON.stringify(safe.errors.map((e: Error) => e.message))).not.toContain(jwt);
    expect(safe.errors[1]).toMatchObject({ message: "fine", code: "ECONNRESET" });
  });

  it("is [REDACTED] when it is not an Error (it may be a request or a body)", () => {
    expect(redactCause({ headers: { authorization: "Bearer x" } }, [])).toBe(REDACTED);
    expect(redactCause("text", [])).toBe(REDACTED);
  });
});
