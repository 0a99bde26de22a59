import { afterEach, describe, expect, it, vi } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

let draws: number[] = [];
const mock = useKeyServiceMock({ random: () => draws.shift() ?? 0.99 });
const api = apiClient();
const login = () => api.call("POST", "/api/authenticate", { json: { username: "admin", password: "admin" } });

afterEach(() => {
  vi.useRealTimers();
  draws = [];
});

describe("faults", () => {
  it("answers a status with Retry-After for matching routes only", async () => {
    mock.faults.add({ path: "/api/authenticate", method: "POST", status: 429, retryAfterSeconds: 2 });
    const limited = await login();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await api.call("GET", "/api/api-keys")).status).toBe(401);
  });

  it("matches path patterns with parameters and ignores other methods", async () => {
    mock.faults.add({ path: "/api/api-keys/:id", method: "GET", status: 503 });
    const token = await api.login();
    expect((await api.call("GET", "/api/api-keys/7", { token })).status).toBe(503);
    expect((await api.call("DELETE", "/api/api-keys/7", { token })).status).toBe(404);
  });

  it("fails with a network error", async () => {
    mock.faults.add({ path: "*", networkError: true });
    await expect(login()).rejects.toThrow(/Failed to fetch|fetch failed|Network/i);
  });

  it("affects only the next N requests", async () => {
    mock.faults.add({ path: "/api/authenticate", status: 500, times: 2 });
    expect((await login()).status).toBe(500);
    expect((await login()).status).toBe(500);
    expect((await login()).status).toBe(200);
    expect(mock.faults.list()).toEqual([]);
  });

  it("applies with a probability, drawn from the injected random source", async () => {
    mock.faults.add({ path: "/api/authenticate", status: 503, probability: 0.5 });
    draws = [0.2, 0.7, 0.49];
    expect((await login()).status).toBe(503);
    expect((await login()).status).toBe(200);
    expect((await login()).status).toBe(503);
  });

  it("delays by the configured latency before answering", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    mock.faults.add({ path: "/api/authenticate", latencyMs: 5_000 });
    let settled = false;
    const pending = login().then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it("draws a random latency inside {min, max}", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    draws = [0.5];
    mock.faults.add({ path: "/api/authenticate", latencyMs: { min: 1_000, max: 3_000 } });
    let settled = false;
    const pending = login().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toBe(true);
  });

  it("wraps the Vault emulation's routes too", async () => {
    mock.faults.add({ path: "/v1/*", status: 503 });
    const response = await fetch("http://vault.test/v1/sys/health");
    expect(response.status).toBe(503);
    mock.faults.clear();
    expect((await fetch("http://vault.test/v1/sys/health")).status).toBe(200);
  });

  it("refuses a rule that does nothing, or a bad status, with a message saying what to write", () => {
    expect(() => mock.faults.add({ path: "/x" })).toThrow("A fault needs latencyMs, status or networkError");
    expect(() => mock.faults.add({ path: "/x", status: 42 })).toThrow(
      "Fault status must be an HTTP status 200-599",
    );
    expect(() => mock.faults.add({ path: "", status: 500 })).toThrow("A fault needs a path pattern");
    // a misspelt field is refused, not silently ignored
    expect(() => mock.faults.add({ path: "/x", status: 429, retryAfter: 5 } as never)).toThrow(
      "Unknown fault field(s) retryAfter",
    );
  });

  it("are cleared by reset()", async () => {
    mock.faults.add({ path: "*", status: 500 });
    mock.reset();
    expect((await login()).status).toBe(200);
  });
});
