import { createKeyServiceMock } from "@keywarden/mock-server";
import { type ApiKeyHeader, createKeywardenClient } from "@keywarden/sdk";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROBE_USER_AGENT_PREFIX, type UsageLookupOptions } from "../../src/adapters/key-ownership.js";
import { createKeyServiceAdapter } from "../../src/adapters/key-service.js";
import { PermanentError, TransientError } from "../../src/port-errors.js";
import type { KeyService } from "../../src/ports.js";

const DAY = 86_400_000;
const SECRET_A = "a-secret-0000000000000000000000000000000000";
const SECRET_B = "b-secret-0000000000000000000000000000000000";
const SECRET_OTHER_USER = "o-secret-0000000000000000000000000000000000";
const UNKNOWN = "not-a-real-secret-00000000000000000000000000";

function seededMock(profile: "documented" | "utmstack-v11", baseUrl: string) {
  const expiresAt = new Date(Date.now() + 9 * DAY).toISOString();
  return createKeyServiceMock({
    profile,
    baseUrl,
    vault: false,
    users: [
      { login: "admin", password: "admin" },
      { login: "other", password: "other" },
    ],
    seed: {
      alertCount: 0,
      keys: [
        { owner: "admin", name: "alpha", secret: SECRET_A, expiresAt, allowedIp: [] },
        { owner: "admin", name: "beta", secret: SECRET_B, expiresAt, allowedIp: [] },
        { owner: "other", name: "theirs", secret: SECRET_OTHER_USER, expiresAt, allowedIp: [] },
      ],
    },
  });
}

const profiles = [
  { profile: "documented", api: "http://documented.test", header: "authorization" },
  { profile: "utmstack-v11", api: "http://v11.test", header: "utm-api-key" },
] as const;
const mocks = new Map(profiles.map((p) => [p.profile, seededMock(p.profile, p.api)]));
const server = setupServer(...[...mocks.values()].flatMap((mock) => mock.handlers));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  for (const mock of mocks.values()) mock.reset();
});
afterAll(() => server.close());

/** A sleep that only moves a fake clock, and remembers what it was asked to wait. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  const lookup: UsageLookupOptions = {
    deadlineMs: 5_000,
    firstDelayMs: 100,
    maxDelayMs: 1_000,
    clock: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
  return { lookup, waits };
}

/** Counts the requests to `api`, by method and path. */
function recordRequests(api: string) {
  const seen: string[] = [];
  const listener = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    if (url.origin === api) seen.push(`${request.method} ${url.pathname}`);
  };
  server.events.on("request:start", listener);
  return { seen, stop: () => server.events.removeListener("request:start", listener) };
}

describe.each(profiles)(
  "verifying a successor's own secret ($profile profile)",
  ({ profile, api, header }) => {
    const mock = mocks.get(profile)!;

    function setup(lookup?: UsageLookupOptions) {
      const sdk = createKeywardenClient({
        baseUrl: api,
        auth: { username: "admin", password: "admin", bypassTfa: true },
        retry: false,
      });
      const keys: KeyService = createKeyServiceAdapter(sdk, {
        // as the rotator's wiring sets them: verification and probes present keys in one header
        verifyHeader: header as ApiKeyHeader,
        probeClient: (secret) =>
          createKeywardenClient({
            baseUrl: api,
            auth: { apiKey: secret, header: header as ApiKeyHeader },
            retry: false,
          }),
        ...(profile === "utmstack-v11" ? { revoke: "never" as const } : {}),
        ...(lookup ? { usageLookup: lookup } : {}),
      });
      return { sdk, keys };
    }

    /** Creates a successor and generates its secret, as a rotation does. */
    async function successor(keys: KeyService) {
      const key = await keys.createKey({
        name: "alpha~next",
        allowedIp: [],
        description: null,
        authorizationGroup: null,
        expiresAt: Date.now() + 30 * DAY,
      });
      return { id: key.id, secret: await keys.generateSecret(key.id) };
    }

    /** Hides the usage log from the next `times` searches (answers `[]`, as a not-yet-refreshed index). */
    function usageLate(times: number) {
      let left = times;
      server.use(
        http.post(`${api}/api/api-keys/usage`, () => {
          if (left-- > 0) return HttpResponse.json([]);
          return undefined; // on to the mock
        }),
      );
    }

    it("accepts the successor's own secret: one probe and one usage search", async () => {
      const { keys } = setup();
      const next = await successor(keys);
      const requests = recordRequests(api);
      try {
        expect(await keys.authenticate(next.secret, next.id)).toBe("accepted");
      } finally {
        requests.stop();
      }
      expect(requests.seen).toEqual([`GET /api/api-keys/${next.id}`, "POST /api/api-keys/usage"]);
    });

    it("refuses a working secret of another key of the same user", async () => {
      const { keys } = setup();
      const next = await successor(keys);
      // The old probe (a read of the successor) passes with alpha's secret: same user.
      expect(await keys.getKey(next.id)).toBeDefined();
      expect(await keys.authenticate(SECRET_A, next.id)).toBe("refused");
      expect(await keys.authenticate(SECRET_B, next.id)).toBe("refused");
      // And alpha's own secret is alpha's.
      expect(await keys.authenticate(SECRET_A, "1")).toBe("accepted");
    });

    it("refuses an unknown secret and another user's secret without searching the log", async () => {
      const { keys } = setup();
      const next = await successor(keys);
      const requests = recordRequests(api);
      try {
        expect(await keys.authenticate(UNKNOWN, next.id)).toBe("refused");
        expect(await keys.authenticate(SECRET_OTHER_USER, next.id)).toBe("refused");
      } finally {
        requests.stop();
      }
      // After each refusal, what the secret does in each API-key header (a header set wrong is a
      // settings mistake, not a secret to replace): an unknown one works in none, another user's works.
      expect(requests.seen).toEqual([
        `GET /api/api-keys/${next.id}`,
        ...Array(3).fill("GET /api/api-keys"),
        `GET /api/api-keys/${next.id}`,
        "GET /api/api-keys",
      ]);
    });

    it("refuses a secret the successor no longer has (a newer one was generated)", async () => {
      const { keys } = setup();
      const next = await successor(keys);
      await keys.generateSecret(next.id);
      expect(await keys.authenticate(next.secret, next.id)).toBe("refused");
    });

    it("marks each probe with a random user agent that carries no secret", async () => {
      const { keys } = setup();
      const next = await successor(keys);
      await keys.authenticate(next.secret, next.id);
      await keys.authenticate(next.secret, next.id);
      const probes = mock.store.usage.filter((use) => use.userAgent?.startsWith(PROBE_USER_AGENT_PREFIX));
      expect(probes).toHaveLength(2);
      const agents = probes.map((use) => use.userAgent as string);
      expect(new Set(agents).size).toBe(2);
      for (const agent of agents) {
        expect(agent).toMatch(/^keywarden-rotator-probe\/[0-9a-f]{32}$/);
        expect(agent).not.toContain(next.secret);
      }
      expect(probes.map((use) => use.apiKeyId)).toEqual([next.id, next.id]);
    });

    it("waits for a usage document that becomes searchable late", async () => {
      const time = fakeTime();
      const { keys } = setup(time.lookup);
      const next = await successor(keys);
      usageLate(3);
      const requests = recordRequests(api);
      try {
        expect(await keys.authenticate(next.secret, next.id)).toBe("accepted");
      } finally {
        requests.stop();
      }
      expect(time.waits).toEqual([100, 200, 400]);
      expect(requests.seen.filter((seen) => seen === "POST /api/api-keys/usage")).toHaveLength(4);
    });

    it("a late document of another key is still a refusal", async () => {
      const time = fakeTime();
      const { keys } = setup(time.lookup);
      const next = await successor(keys);
      usageLate(2);
      expect(await keys.authenticate(SECRET_B, next.id)).toBe("refused");
      expect(time.waits).toEqual([100, 200]);
    });

    it("throws a TransientError, never 'refused', when the document never appears before the deadline", async () => {
      const time = fakeTime();
      const { keys } = setup(time.lookup);
      const next = await successor(keys);
      usageLate(Number.POSITIVE_INFINITY);
      const error = await keys.authenticate(next.secret, next.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientError);
      expect((error as TransientError).reason).toMatch(/could not confirm which key the secret belongs to/);
      expect((error as TransientError).reason).not.toContain(next.secret);
      // Backoff doubling up to the cap, cut at the deadline: 100+200+400+800+1000+1000+1000+500 = 5000.
      expect(time.waits).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000, 500]);
    });

    it("gives up within a short real deadline with the default timer", async () => {
      const { keys } = setup({ deadlineMs: 60, firstDelayMs: 10, maxDelayMs: 20 });
      const next = await successor(keys);
      usageLate(Number.POSITIVE_INFINITY);
      const started = performance.now();
      await expect(keys.authenticate(next.secret, next.id)).rejects.toBeInstanceOf(TransientError);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  },
);

describe("verifying a secret: failures of the usage search", () => {
  const { api } = profiles[0];
  const mock = mocks.get("documented")!;

  function adapter() {
    const sdk = createKeywardenClient({
      baseUrl: api,
      auth: { username: "admin", password: "admin" },
      retry: false,
    });
    return createKeyServiceAdapter(sdk, {
      probeClient: (secret) =>
        createKeywardenClient({ baseUrl: api, auth: { apiKey: secret }, retry: false }),
    });
  }

  it("a 403 on the usage search is a PermanentError naming api.key.view", async () => {
    mock.faults.add({ path: `${api}/api/api-keys/usage`, method: "POST", status: 403, times: 1 });
    const error = await adapter()
      .authenticate(SECRET_A, "1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toMatch(/api\.key\.view/);
    expect((error as PermanentError).reason).not.toContain(SECRET_A);
  });

  it("a rotator user without api.key.view gets the same PermanentError", async () => {
    const restricted = createKeyServiceMock({
      baseUrl: "http://restricted.test",
      vault: false,
      users: [{ login: "rotator", password: "rotator", permissions: ["api.key.create", "api.key.update"] }],
      seed: { alertCount: 0, keys: [{ owner: "rotator", name: "alpha", secret: SECRET_A, allowedIp: [] }] },
    });
    server.use(...restricted.handlers);
    const base = "http://restricted.test";
    const sdk = createKeywardenClient({
      baseUrl: base,
      auth: { username: "rotator", password: "rotator" },
      retry: false,
    });
    const keys = createKeyServiceAdapter(sdk, {
      probeClient: (secret) =>
        createKeywardenClient({ baseUrl: base, auth: { apiKey: secret }, retry: false }),
    });
    // The probe's read is a 403 too (the key has its user's rights): the log still has to decide.
    const error = await keys.authenticate(SECRET_A, "1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toMatch(/needs permission api\.key\.view/);
  });

  it("a 503 on the usage search is transient", async () => {
    mock.faults.add({ path: `${api}/api/api-keys/usage`, method: "POST", status: 503, times: 1 });
    await expect(adapter().authenticate(SECRET_A, "1")).rejects.toBeInstanceOf(TransientError);
  });
});
