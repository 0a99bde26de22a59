import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useKeyServiceMock } from "../../src/vitest.js";
import { apiClient } from "../support/api.js";

const DAY = 86_400_000;
const LIMIT = 3;
const START = Date.parse("2026-01-01T00:00:00Z");
const mock = useKeyServiceMock({ now: START, keyLimit: LIMIT, vault: false });
const api = apiClient();

/** The reference model: what the rules say, in the fewest lines. */
interface ModelKey {
  id: number;
  name: string;
  createdAt: number;
  generatedAt: number;
  expiresAt: number | null;
  status: "ACTIVE" | "REVOKED";
  secret: string | null;
  keyId: string;
  authorizationGroup: string | null;
}

/** The built-in groups' view permission, and a name no group has. */
const GROUP_VIEWS: Record<string, boolean> = {
  "read-only": true,
  "search-only": false,
  "key-administration": true,
};
const GHOST = "ghost";

type Group = string | null;
type KeyIdSent = "omit" | "own" | "other";
type Command =
  | { kind: "create"; name: string; lifetimeDays: number | null; group: Group }
  | { kind: "generate"; pick: number }
  | {
      kind: "update";
      pick: number;
      name: string;
      lifetimeDays: number | null;
      group: Group;
      keyId: KeyIdSent;
    }
  | { kind: "revoke"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "advance"; hours: number }
  | { kind: "authenticate"; pick: number; call: "list" | "search" };

const names = fc.constantFrom("alpha", "bravo", "charlie", "delta");
const lifetime = fc.constantFrom(null, 1, 10, 30);
const pick = fc.nat({ max: 2 });
const group = fc.constantFrom<Group>(null, null, "read-only", "search-only", "key-administration", GHOST);
const keyIdSent = fc.constantFrom<KeyIdSent>("omit", "omit", "own", "other");
// generate and clock moves weigh more: sliding expiry needs generate → advance → generate sequences
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), name: names, lifetimeDays: lifetime, group }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("generate" as const), pick }) },
  fc.record({
    kind: fc.constant("update" as const),
    pick,
    name: names,
    lifetimeDays: lifetime,
    group,
    keyId: keyIdSent,
  }),
  fc.record({ kind: fc.constant("revoke" as const), pick }),
  fc.record({ kind: fc.constant("delete" as const), pick }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      hours: fc.integer({ min: 1, max: 24 * 12 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("authenticate" as const),
      pick: fc.nat({ max: 15 }),
      call: fc.constantFrom("list" as const, "search" as const),
    }),
  },
);

const OTHER_KEY_ID = "key_00000000000000000000000000000000";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(".000Z", "Z"));

// most steps also let time pass, so creation, generation and use rarely share an instant
const step = fc.tuple(command, fc.constantFrom(0, 0, 2, 50));

async function run(steps: [Command, number][]): Promise<void> {
  mock.reset();
  const keys = new Map<number, ModelKey>();
  const issued: { id: number; secret: string }[] = [];
  const keyIds = new Set<string>();
  let nextId = 1;
  const now = () => mock.clock.now();
  const idOf = (index: number) => 1 + (index % Math.max(nextId - 1, 1));

  for (const [step, hoursAfter] of steps) {
    const token = await api.login(); // a fresh JWT each step: the clock may have moved past the last one
    const label = JSON.stringify(step);
    switch (step.kind) {
      case "create": {
        const expiresAt = step.lifetimeDays === null ? null : now() + step.lifetimeDays * DAY;
        const response = await api.call("POST", "/api/api-keys", {
          token,
          json: {
            name: step.name,
            allowedIp: [],
            expiresAt: iso(expiresAt),
            authorizationGroup: step.group,
          },
        });
        const own = [...keys.values()];
        const conflict =
          own.some((key) => key.name === step.name) ||
          own.filter((key) => key.status === "ACTIVE").length >= LIMIT;
        expect(response.status, label).toBe(step.group === GHOST ? 400 : conflict ? 409 : 201);
        if (response.status === 201) {
          const body = await response.json();
          // random, and never one handed out before (deleted keys' included)
          expect(body.keyId, label).toMatch(/^key_[0-9a-f]{32}$/);
          expect(keyIds.has(body.keyId), label).toBe(false);
          keyIds.add(body.keyId);
          const key = {
            id: nextId++,
            name: step.name,
            createdAt: now(),
            generatedAt: now(),
            expiresAt,
            status: "ACTIVE" as const,
            secret: null,
            keyId: body.keyId,
            authorizationGroup: step.group,
          };
          keys.set(key.id, key);
          expect(body.id, label).toBe(key.id);
        }
        break;
      }
      case "generate": {
        const id = idOf(step.pick);
        const key = keys.get(id);
        const response = await api.call("POST", `/api/api-keys/${id}/generate`, { token });
        expect(response.status, label).toBe(!key ? 404 : key.status === "REVOKED" ? 409 : 200);
        if (key && key.status === "ACTIVE") {
          const base = key.generatedAt;
          const life = key.expiresAt !== null && key.expiresAt >= base ? key.expiresAt - base : 7 * DAY;
          key.expiresAt = now() + life;
          key.generatedAt = now();
          key.secret = await response.text();
          issued.push({ id, secret: key.secret });
        }
        break;
      }
      case "update": {
        const id = idOf(step.pick);
        const key = keys.get(id);
        const expiresAt = step.lifetimeDays === null ? null : now() + step.lifetimeDays * DAY;
        const sentKeyId =
          step.keyId === "other" ? OTHER_KEY_ID : step.keyId === "own" ? key?.keyId : undefined;
        const response = await api.call("PUT", `/api/api-keys/${id}`, {
          token,
          json: {
            name: step.name,
            allowedIp: [],
            expiresAt: iso(expiresAt),
            authorizationGroup: step.group,
            keyId: sentKeyId,
          },
        });
        const clash = [...keys.values()].some((other) => other.id !== id && other.name === step.name);
        let expected = 200;
        if (step.group === GHOST) expected = 400;
        else if (!key) expected = 404;
        else if (step.keyId === "other") expected = 400;
        else if (key.status === "REVOKED" || clash) expected = 409;
        expect(response.status, label).toBe(expected);
        if (key && response.status === 200) {
          key.name = step.name;
          key.expiresAt = expiresAt;
          key.authorizationGroup = step.group;
          expect((await response.json()).keyId, label).toBe(key.keyId);
        }
        break;
      }
      case "revoke": {
        const id = idOf(step.pick);
        const key = keys.get(id);
        const response = await api.call("POST", `/api/api-keys/${id}/revoke`, { token });
        expect(response.status, label).toBe(key ? 200 : 404);
        if (key) key.status = "REVOKED";
        break;
      }
      case "delete": {
        const id = idOf(step.pick);
        const response = await api.call("DELETE", `/api/api-keys/${id}`, { token });
        expect(response.status, label).toBe(keys.has(id) ? 204 : 404);
        keys.delete(id);
        break;
      }
      case "advance":
        mock.clock.advance(`${step.hours}h`);
        break;
      case "authenticate": {
        const use = issued[step.pick % Math.max(issued.length, 1)];
        if (!use) break;
        const key = keys.get(use.id);
        const accepted =
          key !== undefined &&
          key.status === "ACTIVE" &&
          key.secret === use.secret &&
          (key.expiresAt === null || now() < key.expiresAt);
        const headers = { "x-api-key": use.secret };
        const response =
          step.call === "list"
            ? await api.call("GET", "/api/api-keys?size=1", { headers })
            : await api.search("top=1&indexPattern=alert-*", [], { headers });
        // the owner (admin) holds every permission, so the key holds its group's
        const mayList = key?.authorizationGroup == null || GROUP_VIEWS[key.authorizationGroup] === true;
        const allowed = step.call === "search" || mayList;
        expect(response.status, label).toBe(!accepted ? 401 : allowed ? 200 : 403);
        break;
      }
    }
    if (hoursAfter > 0) mock.clock.advance(`${hoursAfter}h`);
  }

  const token = await api.login();
  const listed = await (await api.call("GET", "/api/api-keys?size=100&sort=id,asc", { token })).json();
  expect(
    listed.map((key: Record<string, unknown>) => [
      key.id,
      key.name,
      key.status,
      key.expiresAt,
      key.generatedAt,
      key.keyId,
      key.authorizationGroup,
    ]),
  ).toEqual(
    [...keys.values()].map((key) => [
      key.id,
      key.name,
      key.status,
      iso(key.expiresAt),
      iso(key.generatedAt),
      key.keyId,
      key.authorizationGroup,
    ]),
  );
}

describe("key lifecycle against a reference model", () => {
  it("agrees with the model on every status and on the final list, for random command sequences", async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), run), { numRuns: 60 });
  });
});
