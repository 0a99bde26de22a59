import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  KeywardenValidationError,
  RateLimitError,
  type RequestEvent,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../src/index.js";
import { instantRetry, PROFILES, useKeyServiceMock } from "./harness.js";

describe.each(PROFILES)("failures and retries against the %s mock", (profile) => {
  const { mock, client } = useKeyServiceMock(profile);

  it("retries a read through 503s and succeeds", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "flaky" });
    mock.faults.add({ path: "/api/api-keys/:id", method: "GET", status: 503, times: 2 });
    const { retry, delays } = instantRetry(3);
    await expect(client({ retry }).apiKeys.get(key.id)).resolves.toMatchObject({ name: "flaky" });
    expect(delays).toHaveLength(2);
  });

  it("honours Retry-After on a 429 and surfaces RateLimitError when the budget runs out", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "GET", status: 429, retryAfterSeconds: 7 });
    const { retry, delays } = instantRetry(2);
    const error = (await client({ retry })
      .apiKeys.list.page()
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(7000);
    expect(delays).toEqual([7000, 7000]);
  });

  it("never retries a create: one 503 means one attempt, and no key was made", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "POST", status: 503, times: 1 });
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    await expect(kw.apiKeys.create({ name: "once" })).rejects.toBeInstanceOf(ServerError);
    expect(requests.filter((r) => r.method === "POST" && r.path === "/api/api-keys")).toHaveLength(1);
    expect((await kw.apiKeys.list.page()).total).toBe(0);
  });

  it("never retries generate", async () => {
    const kw = client();
    const key = await kw.apiKeys.create({ name: "gen" });
    mock.faults.add({ path: "/api/api-keys/:id/generate", status: 502, times: 1 });
    const { retry, delays } = instantRetry(3);
    await expect(client({ retry }).apiKeys.generate(key.id)).rejects.toBeInstanceOf(ServerError);
    expect(delays).toEqual([]);
  });

  it("turns network failures into ConnectionError after retrying reads", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "GET", networkError: true });
    const { retry, delays } = instantRetry(2);
    await expect(client({ retry }).apiKeys.list.page()).rejects.toBeInstanceOf(ConnectionError);
    expect(delays).toHaveLength(2);
  });

  it("turns a slow answer into TimeoutError", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "GET", latencyMs: 1_000 });
    const kw = client({ retry: false, timeoutMs: 30 });
    await kw.auth.login({ username: "admin", password: "admin", bypassTfa: true });
    await expect(kw.apiKeys.list.page()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("aborts a slow call at once when the caller's signal fires", async () => {
    mock.faults.add({ path: "/api/api-keys", method: "GET", latencyMs: 1_000 });
    const controller = new AbortController();
    const call = client().apiKeys.list.page({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("cancelled by caller")), 20);
    await expect(call).rejects.toThrow("cancelled by caller");
  });

  it("refuses invalid input before any request leaves", async () => {
    const requests: RequestEvent[] = [];
    const kw = client({ onRequest: (e) => requests.push(e) });
    const error = (await kw.apiKeys
      .create({ name: "x", allowedIp: ["999.0.0.1"], expiresAt: new Date(mock.clock.now() - 1000) })
      .catch((e: unknown) => e)) as KeywardenValidationError;
    expect(error).toBeInstanceOf(KeywardenValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(["name", "allowedIp[0]", "expiresAt"]);
    expect(requests).toEqual([]);
  });
});

describe("server-side validation (documented profile)", () => {
  const { client } = useKeyServiceMock("documented");

  it("maps the server's 400 to ValidationError naming the field", async () => {
    const kw = client({ validateInput: false });
    const error = (await kw.apiKeys.create({ name: "x" }).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(KeywardenValidationError);
    expect(error.status).toBe(400);
    expect(error.reason).toMatch(/name/);
  });

  it("maps an unknown sort property to ValidationError", async () => {
    const kw = client({ validateInput: false });
    await expect(kw.apiKeys.list.page({ sort: "colour,asc" as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe("server errors (utmstack-v11 profile)", () => {
  const { client } = useKeyServiceMock("utmstack-v11");

  it("maps an unknown sort property (v11's 500) to ServerError with the reason", async () => {
    const error = (await client()
      .apiKeys.list.page({ sort: "colour,asc" as never })
      .catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
  });
});
