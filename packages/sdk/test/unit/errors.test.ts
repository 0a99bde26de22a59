import { describe, expect, it } from "vitest";
import { classifyError, reasonOf } from "../../src/errors/from-response.js";
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from "../../src/errors/http-errors.js";
import { KeywardenError } from "../../src/errors/keywarden-error.js";
import { REDACTED } from "../../src/errors/redact.js";
import { ConnectionError, TimeoutError } from "../../src/errors/transport-errors.js";
import { KeywardenValidationError } from "../../src/errors/validation-error.js";

const request = { method: "GET", url: "http://h/api/api-keys/3" };
const reasonHeaders = (reason: string, extra: Record<string, string> = {}) =>
  new Headers({ "X-UtmStack-error": reason, "X-UtmStack-params": "", ...extra });

describe("error classification", () => {
  it.each([
    [400, ValidationError],
    [401, AuthenticationError],
    [403, PermissionError],
    [404, NotFoundError],
    [409, ConflictError],
    [412, AuthenticationError],
    [423, AuthenticationError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ServerError],
    [418, ApiError],
  ])("maps status %i to %o", (status, cls) => {
    const error = classifyError(status, new Headers(), undefined, request);
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(KeywardenError);
    expect(error.status).toBe(status);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(request.url);
  });

  it("treats UTMStack v11's 500 'API key not found' as NotFoundError", () => {
    const error = classifyError(
      500,
      reasonHeaders("ApiKeyService.getApiKey: API key not found"),
      undefined,
      request,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.reason).toBe("ApiKeyService.getApiKey: API key not found");
    expect(error.message).toContain("API key not found");
  });

  it("treats v11's bare 500 Boot body after sending an API key as a refused key", () => {
    const body = {
      timestamp: "2025-11-26T13:42:47.123+00:00",
      status: 500,
      error: "Internal Server Error",
      path: "/api/x",
    };
    expect(classifyError(500, new Headers(), body, { ...request, sentApiKey: true })).toBeInstanceOf(
      AuthenticationError,
    );
    expect(classifyError(500, new Headers(), body, { ...request, sentApiKey: false })).toBeInstanceOf(
      ServerError,
    );
  });

  it("reads the reason from X-UtmStack-error first, then the Spring or Problem body", () => {
    expect(reasonOf(reasonHeaders("Bad credentials"), { error: "Unauthorized" })).toBe("Bad credentials");
    expect(reasonOf(new Headers(), { error: "Unauthorized", status: 401 })).toBe("Unauthorized");
    expect(reasonOf(new Headers(), { message: "error.http.500", detail: "boom" })).toBe("boom");
    expect(reasonOf(new Headers(), { message: "error.validation", title: "Method argument not valid" })).toBe(
      "Method argument not valid",
    );
    expect(reasonOf(new Headers(), undefined)).toBeUndefined();
  });

  it("carries Retry-After on a 429 as milliseconds", () => {
    const error = classifyError(
      429,
      new Headers({ "Retry-After": "3" }),
      undefined,
      request,
    ) as RateLimitError;
    expect(error.retryAfterMs).toBe(3000);
    expect(error.toJSON()).toMatchObject({ name: "RateLimitError", status: 429, retryAfterMs: 3000 });
  });

  it("never exposes credentials in message, headers, body or toJSON", () => {
    const secret = "s3cr3t-password";
    const key = "A".repeat(43);
    const error = classifyError(
      401,
      new Headers({ Authorization: `Bearer ${key}`, "X-UtmStack-error": `refused ${secret}` }),
      { echoed: `Bearer ${key}`, password: secret },
      { method: "POST", url: `http://h/api/authenticate?access_token=${key}`, secrets: [secret] },
    );
    const everything = JSON.stringify(error.toJSON()) + error.message + String(error.stack);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(key);
  });

  it("keeps the cause of a failure with known secrets redacted, and never a non-Error cause", () => {
    const secret = "s3cr3t-password";
    const error = new ConnectionError("c", {
      cause: new TypeError(`fetch failed for ${secret}`),
      secrets: [secret],
    });
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe(`fetch failed for ${REDACTED}`);
    expect(new ConnectionError("c", { cause: { password: secret } }).cause).toBe(REDACTED);
    expect(new ConnectionError("c").cause).toBeUndefined();
  });

  it("names each error class after itself", () => {
    expect(new TimeoutError("t").name).toBe("TimeoutError");
    expect(new ConnectionError("c").name).toBe("ConnectionError");
    expect(new KeywardenValidationError("op", [{ field: "name", message: "too short" }]).name).toBe(
      "KeywardenValidationError",
    );
  });

  it("lists every bad field in a client-side validation error, which is also a ValidationError", () => {
    const error = new KeywardenValidationError("apiKeys.create", [
      { field: "name", message: "name must be at least 2 characters" },
      { field: "allowedIp[1]", message: '"nope" is not an IP address or CIDR range' },
    ]);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      'Invalid input to apiKeys.create: name: name must be at least 2 characters; allowedIp[1]: "nope" is not an IP address or CIDR range',
    );
    expect(error.toJSON().issues).toHaveLength(2);
  });
});
