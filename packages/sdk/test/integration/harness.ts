import { createKeyServiceMock, type KeyServiceMockOptions } from "@keywarden/mock-server";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createKeywardenClient, type KeywardenClientOptions } from "../../src/index.js";

/** The origin the in-process mock answers on (it answers any origin; this one is obviously fake). */
export const BASE_URL = "http://keywarden.test";

/** The two behaviours of the mock. */
export const PROFILES = ["documented", "utmstack-v11"] as const;
export type Profile = (typeof PROFILES)[number];

/** The header each profile reads API keys from by default in our tests. */
export const KEY_HEADER = { documented: "authorization", "utmstack-v11": "utm-api-key" } as const;

import { instantRetry } from "../support/instant-retry.js";

export { instantRetry };

/**
 * Serves the key-service mock in-process (MSW) for the current test file, resetting it after each test.
 * `client()` makes an SDK client on the mock, logged in as admin unless told otherwise, whose
 * client-side clock follows the mock's.
 */
export function useKeyServiceMock(profile: Profile, options: KeyServiceMockOptions = {}) {
  const mock = createKeyServiceMock({ profile, keyLimit: 1000, ...options });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => mock.reset());
  afterAll(() => server.close());

  const client = (overrides: Partial<KeywardenClientOptions> = {}) =>
    createKeywardenClient({
      baseUrl: BASE_URL,
      auth: { username: "admin", password: "admin", bypassTfa: true },
      retry: instantRetry().retry,
      now: () => new Date(mock.clock.now()),
      ...overrides,
    });
  return { mock, server, client };
}

/** An expiry `days` days after the mock's now. */
export function daysFromNow(mock: { clock: { now(): number } }, days: number): Date {
  return new Date(mock.clock.now() + days * 86_400_000);
}
