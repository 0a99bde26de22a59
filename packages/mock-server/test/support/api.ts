import { expect } from "vitest";
import { validateFetchResponse } from "../../../../specs/tools/response-validator.js";

/** The origin in-process tests call (any origin works: the handlers match `*`). */
export const ORIGIN = "http://utm.test";

/** One request of a test. */
export interface CallOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is. */
  body?: string;
  headers?: Record<string, string>;
  /** `Authorization: Bearer <jwt>`. */
  token?: string;
  /**
   * Check the response against specs/keywarden.openapi.yaml (default true). Only turned off for
   * requests the spec deliberately does not describe (unknown routes, the /__mock controls, v11's
   * JSON-labelled secret).
   */
  validate?: boolean;
}

/**
 * A small client for tests: every response is validated against the OpenAPI spec before the test
 * sees it, so the mock and the spec cannot drift apart.
 */
export function apiClient(origin: string = ORIGIN) {
  async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    if (options.json !== undefined) headers.set("content-type", "application/json");
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const request = new Request(`${origin}${path}`, { method, headers, body });
    const response = await fetch(request.clone());
    if (options.validate !== false && !path.startsWith("/__mock")) {
      expect(await validateFetchResponse(request, response)).toEqual([]);
    }
    return response;
  }

  /** Logs in (documented profile) and returns the JWT. */
  async function login(username = "admin", password = "admin"): Promise<string> {
    const response = await call("POST", "/api/authenticate", { json: { username, password } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id_token: string }).id_token;
  }

  /** Creates a key and returns its JSON. */
  async function createKey(
    token: string,
    input: Record<string, unknown>,
  ): Promise<{ id: number } & Record<string, unknown>> {
    const response = await call("POST", "/api/api-keys", { token, json: { allowedIp: [], ...input } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number } & Record<string, unknown>;
  }

  /** Generates (rotates) a key's secret and returns it. */
  async function generate(token: string, id: number): Promise<string> {
    const response = await call("POST", `/api/api-keys/${id}/generate`, { token });
    expect(response.status).toBe(200);
    return response.text();
  }

  /** Creates a key with a secret in one go. */
  async function keyWithSecret(token: string, input: Record<string, unknown>) {
    const key = await createKey(token, input);
    return { key, secret: await generate(token, key.id) };
  }

  /** POST /api/elasticsearch/search with the given query string and filters. */
  function search(query: string, filters: unknown, options: CallOptions = {}): Promise<Response> {
    return call("POST", `/api/elasticsearch/search?${query}`, { json: filters, ...options });
  }

  return { call, login, createKey, generate, keyWithSecret, search };
}

/** A date this many days from the mock's now, as an ISO instant. */
export function daysFrom(now: number, days: number): string {
  return new Date(now + days * 86_400_000).toISOString().replace(".000Z", "Z");
}
