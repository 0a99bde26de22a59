import { describe, expect, it } from "vitest";
import { REDACTED, redactHeaders, redactText, redactValue } from "../../src/errors/redact.js";

const KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
const JWT = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";

describe("redaction", () => {
  it("replaces a known secret wherever it appears in text", () => {
    expect(redactText("password hunter22 was refused", ["hunter22"])).toBe(
      `password ${REDACTED} was refused`,
    );
  });

  it("replaces Bearer credentials, JWTs and 43-character UTMStack keys even when unknown", () => {
    const text = `Authorization: Bearer ${KEY}; token ${JWT}; key ${KEY.slice(0, 43)}`;
    const out = redactText(text);
    expect(out).not.toContain(KEY.slice(0, 43));
    expect(out).not.toContain(JWT);
    expect(out).toContain(`Bearer ${REDACTED}`);
  });

  it("keeps ordinary text and short words intact", () => {
    expect(redactText("ApiKeyService.getApiKey: API key not found", ["ab"])).toBe(
      "ApiKeyService.getApiKey: API key not found",
    );
  });

  it("hides the values of credential headers, whatever their case", () => {
    const headers = new Headers({
      Authorization: "Bearer x",
      "Utm-Api-Key": "k",
      "X-API-Key": "k",
      "X-Total-Count": "3",
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: REDACTED,
      "utm-api-key": REDACTED,
      "x-api-key": REDACTED,
      "x-total-count": "3",
    });
  });

  it("walks JSON values and hides secret-named fields", () => {
    const value = { username: "admin", password: "admin123", nested: [{ note: `uses ${JWT}` }], apiKey: "k" };
    expect(redactValue(value)).toEqual({
      username: "admin",
      password: REDACTED,
      nested: [{ note: `uses ${REDACTED}` }],
      apiKey: REDACTED,
    });
  });

  it("removes access tokens from URL queries", () => {
    expect(redactText("https://h/api/x?access_token=abc&page=1")).toBe(
      `https://h/api/x?access_token=${REDACTED}&page=1`,
    );
  });
});
