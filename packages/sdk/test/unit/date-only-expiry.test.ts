import { describe, expect, it } from "vitest";
import { createKeywardenClient, KeywardenValidationError } from "../../src/index.js";
import { apiKeyInputSchema, toUpsertBody } from "../../src/validation/api-key-input.js";
import { validateInput } from "../../src/validation/issues.js";
import { fakeFetch, json, KEY } from "../transport/fake-fetch.js";

const now = () => new Date("2026-01-01T12:00:00Z");
const bodyOf = (expiresAt: unknown) =>
  toUpsertBody(validateInput("apiKeys.create", apiKeyInputSchema(now), { name: "ci", expiresAt }));
const refusal = (expiresAt: unknown): string => {
  try {
    bodyOf(expiresAt);
  } catch (error) {
    if (error instanceof KeywardenValidationError) return error.issues[0]?.message ?? "";
    throw error;
  }
  return "accepted";
};

describe("an expiry given as a date alone", () => {
  it("is the start of that day, UTC", () => {
    expect(bodyOf("2030-01-01").expiresAt).toBe("2030-01-01T00:00:00.000Z");
    expect(bodyOf("2026-01-02").expiresAt).toBe("2026-01-02T00:00:00.000Z");
  });

  it("must still be in the future: today's start has passed", () => {
    expect(refusal("2026-01-01")).toBe("expiresAt must be in the future (got 2026-01-01T00:00:00.000Z)");
  });

  it("is refused with the forms that work when it is neither a date nor an instant with an offset", () => {
    for (const text of ["2030-01-01T00:00", "01/01/2030", "2030-02-30", "2030-1-1", "soon"]) {
      expect(refusal(text)).toMatch(/"2030-01-01T12:00:00Z".*"2030-01-01", start of day UTC/);
    }
  });

  it("is sent as an instant by apiKeys.create", async () => {
    const server = fakeFetch(() => json(KEY, 201));
    const kw = createKeywardenClient({ baseUrl: "http://kw.test", fetch: server.fetch, now });
    await kw.apiKeys.create({ name: "billing", expiresAt: "2030-01-01" });
    expect(JSON.parse(server.seen[0]?.body ?? "")).toMatchObject({ expiresAt: "2030-01-01T00:00:00.000Z" });
  });
});
