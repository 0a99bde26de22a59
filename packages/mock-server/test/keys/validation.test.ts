import { describe, expect, it } from "vitest";
import { InvalidKeyInputError } from "../../src/keys/errors.js";
import { validateKeyInput } from "../../src/keys/validation.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");

function problem(body: unknown): string {
  try {
    validateKeyInput(body, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidKeyInputError);
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

describe("key input validation (documented profile)", () => {
  it("accepts a full body and normalises it", () => {
    expect(
      validateKeyInput(
        {
          name: "  ci  ",
          description: "d",
          allowedIp: [" 10.0.0.0/24 "],
          expiresAt: "2026-02-01T00:00:00Z",
          extra: 1,
        },
        NOW,
      ),
    ).toEqual({
      name: "ci",
      description: "d",
      allowedIp: ["10.0.0.0/24"],
      expiresAt: Date.parse("2026-02-01T00:00:00Z"),
      authorizationGroup: null,
      keyId: undefined,
    });
  });

  it("treats a missing allowedIp or expiresAt as any address and no expiry", () => {
    expect(validateKeyInput({ name: "ci" }, NOW)).toEqual({
      name: "ci",
      description: null,
      allowedIp: [],
      expiresAt: null,
      authorizationGroup: null,
      keyId: undefined,
    });
  });

  it.each([
    [null, "body: must be a JSON object"],
    [[], "body: must be a JSON object"],
    [{}, "name: is required"],
    [{ name: 5 }, "name: must be a string"],
    [{ name: "x" }, "name: must be 2-200 characters, got 1"],
    [{ name: "x".repeat(201) }, "name: must be 2-200 characters, got 201"],
    [{ name: "ok", description: "d".repeat(1001) }, "description: must be at most 1000 characters, got 1001"],
    [{ name: "ok", description: 3 }, "description: must be a string or null"],
    [{ name: "ok", allowedIp: "10.0.0.1" }, "allowedIp: must be an array of strings"],
    [
      { name: "ok", allowedIp: ["10.0.0.1", "10.0.0.0/33"] },
      'allowedIp[1]: "10.0.0.0/33" is not a valid IP address or CIDR range',
    ],
    [{ name: "ok", allowedIp: [7] }, "allowedIp[0]: must be a string"],
    [
      { name: "ok", expiresAt: 1767225600 },
      "expiresAt: must be an ISO-8601 instant string such as 2030-01-31T00:00:00Z",
    ],
    [
      { name: "ok", expiresAt: "tomorrow" },
      'expiresAt: "tomorrow" is not an ISO-8601 instant (e.g. 2030-01-31T00:00:00Z)',
    ],
    [{ name: "ok", expiresAt: "2026-01-01T00:00:00Z" }, "expiresAt: must be in the future"],
  ])("refuses %j with a message naming the field", (body, message) => {
    expect(problem(body)).toBe(message);
  });
});
