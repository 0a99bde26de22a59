import { describe, expect, it } from "vitest";
import { KeywardenValidationError } from "../../src/errors/validation-error.js";
import { apiKeyInputSchema, keyIdSchema, toUpsertBody } from "../../src/validation/api-key-input.js";
import { validateInput } from "../../src/validation/issues.js";
import { listQuerySchema, searchQuerySchema } from "../../src/validation/query-input.js";

const now = () => new Date("2026-01-01T00:00:00Z");
const schema = apiKeyInputSchema(now);
const bodyOf = (input: unknown) => toUpsertBody(validateInput("create", schema, input));
const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeywardenValidationError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe("API key input", () => {
  it("turns valid input into the JSON body, always sending allowedIp and expiresAt", () => {
    expect(bodyOf({ name: "ci" })).toEqual({
      name: "ci",
      allowedIp: [],
      expiresAt: null,
    });
    expect(
      bodyOf({
        name: "billing",
        description: "for billing",
        allowedIp: ["10.0.0.0/8", "192.168.1.10", "2001:db8::1", "2001:db8::/32"],
        expiresAt: new Date("2026-03-01T00:00:00Z"),
      }),
    ).toEqual({
      name: "billing",
      description: "for billing",
      allowedIp: ["10.0.0.0/8", "192.168.1.10", "2001:db8::1", "2001:db8::/32"],
      expiresAt: "2026-03-01T00:00:00.000Z",
    });
  });

  it("accepts an ISO string expiry and normalises it to UTC", () => {
    expect(bodyOf({ name: "ci", expiresAt: "2026-02-01T01:00:00+01:00" }).expiresAt).toBe(
      "2026-02-01T00:00:00.000Z",
    );
  });

  it("lists every bad field at once: name, description, each bad IP, past expiry", () => {
    const fields = fieldsOf(() =>
      validateInput("apiKeys.create", schema, {
        name: "x",
        description: "d".repeat(1001),
        allowedIp: ["10.0.0.1", "300.1.1.1", "10.0.0.0/33"],
        expiresAt: "2025-12-31T00:00:00Z",
      }),
    );
    expect(fields).toEqual(["name", "description", "allowedIp[1]", "allowedIp[2]", "expiresAt"]);
  });

  it("says why in words", () => {
    expect(() => validateInput("apiKeys.create", schema, { name: "n".repeat(201) })).toThrow(
      "Invalid input to apiKeys.create: name: name must be at most 200 characters",
    );
    expect(() => validateInput("apiKeys.create", schema, { name: "ok", allowedIp: ["nope"] })).toThrow(
      '"nope" is not an IP address or CIDR range',
    );
    expect(() => validateInput("apiKeys.create", schema, { name: "ok", expiresAt: now() })).toThrow(
      "expiresAt must be in the future",
    );
  });

  it("names a field left out rather than describing its type", () => {
    expect(() => validateInput("apiKeys.create", schema, {})).toThrow(
      "Invalid input to apiKeys.create: name: name is required",
    );
    expect(() => validateInput("search", searchQuerySchema, { indexPattern: "alert-*" })).toThrow(
      "Invalid input to search: top: top is required",
    );
    expect(() => validateInput("apiKeys.list", listQuerySchema, { status: "ON" })).toThrow(
      "status: status must be one of ACTIVE, REVOKED",
    );
  });

  it("refuses a missing name and a non-ISO expiry", () => {
    expect(fieldsOf(() => validateInput("c", schema, { expiresAt: "tomorrow" }))).toEqual([
      "name",
      "expiresAt",
    ]);
  });

  it("refuses ids that are not positive integers", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "3"]) {
      expect(fieldsOf(() => validateInput("apiKeys.get", keyIdSchema, bad))).toEqual([""]);
    }
    expect(validateInput("apiKeys.get", keyIdSchema, 3)).toBe(3);
  });
});

describe("query input", () => {
  it("caps the page size at 2000 and refuses a negative page", () => {
    expect(fieldsOf(() => validateInput("list", listQuerySchema, { size: 2001, page: -1 }))).toEqual([
      "page",
      "size",
    ]);
    expect(fieldsOf(() => validateInput("list", listQuerySchema, { size: 2000, page: 0 }))).toEqual([]);
  });

  it("checks the sort format", () => {
    expect(fieldsOf(() => validateInput("list", listQuerySchema, { sort: "name,sideways" }))).toEqual([
      "sort",
    ]);
    expect(fieldsOf(() => validateInput("list", listQuerySchema, { sort: ["name,asc", "id"] }))).toEqual([]);
  });

  it("requires an index pattern and a positive top for search, and checks each filter", () => {
    expect(
      fieldsOf(() =>
        validateInput("search", searchQuerySchema, {
          indexPattern: " ",
          top: 0,
          filters: [{ field: "a", operator: "IS" }],
        }),
      ),
    ).toEqual(["indexPattern", "top", "filters[0].value"]);
  });
});
