import { type KeyServiceMockFixture, useKeyServiceMock } from "../../src/vitest.js";

/** The mock clock's start in the api-keys suites. */
export const API_KEYS_NOW = Date.parse("2026-01-10T08:00:00Z");

/**
 * Serves the mock the api-keys suites share in the calling test file: a key limit of 3, an `admin`
 * holding every permission, a second user `bob` and a `viewer` holding only `api.key.view`.
 */
export function useApiKeysMock(): KeyServiceMockFixture {
  return useKeyServiceMock({
    now: API_KEYS_NOW,
    keyLimit: 3,
    users: [
      { login: "admin", password: "admin" },
      { login: "bob", password: "bobpass" },
      { login: "viewer", password: "viewer", permissions: ["api.key.view"] },
    ],
  });
}
