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
}

type Command =
  | { kind: "create"; name: string; lifetimeDays: number | null }
  | { kind: "generate"; pick: number }
  | { kind: "update"; pick: number; name: string; lifetimeDays: number | null }
  | { kind: "revoke"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "advance"; hours: number }
  | { kind: "authenticate"; pick: number };

const names = fc.constantFrom("alpha", "bravo", "charlie", "delta");
const lifetime = fc.constantFrom(null, 1, 10, 30);
const pick = fc.nat({ max: 2 });
// generate and clock moves weigh more: sliding expiry needs generate → advance → generate sequences
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), name: names, lifetimeDays: lifetime }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("generate" as const), pick }) },
  fc.record({ kind: fc.constant("update" as const), pick, name: names, lifetimeDays: lifetime }),
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
    arbitrary: fc.record({ kind: fc.constant("authenticate" as const), pick: fc.nat({ max: 15 }) }),
  },
);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(".000Z", "Z"));

// most steps also let time pass, so creation, generation and use rarely share an instant
const step = fc.tuple(command, fc.constantFrom(0, 0, 2, 50));

async function run(steps: [Command, number][]): Promise<void> {
  mock.reset();
  const keys = new Map<number, ModelKey>();
  const issued: { id: number; secret: string }[] = [];
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
          json: { name: step.name, allowedIp: [], expiresAt: iso(expiresAt) },
        });
        const own = [...keys.values()];
        const conflict =
          own.some((key) => key.name === step.name) ||
          own.filter((key) => key.status === "ACTIVE").length >= LIMIT;
        expect(response.status, label).toBe(conflict ? 409 : 201);
        if (!conflict) {
          const key = {
            id: nextId++,
            name: step.name,
            createdAt: now(),
            generatedAt: now(),
            expiresAt,
            status: "ACTIVE" as const,
            secret: null,
          };
          keys.set(key.id, key);
          expect((await response.json()).id, label).toBe(key.id);
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
        const response = await api.call("PUT", `/api/api-keys/${id}`, {
          token,
          json: { name: step.name, allowedIp: [], expiresAt: iso(expiresAt) },
        });
        const clash = [...keys.values()].some((other) => other.id !== id && other.name === step.name);
        expect(response.status, label).toBe(!key ? 404 : key.status === "REVOKED" || clash ? 409 : 200);
        if (key && response.status === 200) {
          key.name = step.name;
          key.expiresAt = expiresAt;
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
        const response = await api.call("GET", "/api/api-keys?size=1", {
          headers: { "x-api-key": use.secret },
        });
        expect(response.status, label).toBe(accepted ? 200 : 401);
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
    ]),
  ).toEqual(
    [...keys.values()].map((key) => [key.id, key.name, key.status, iso(key.expiresAt), iso(key.generatedAt)]),
  );
}

describe("key lifecycle against a reference model", () => {
  it("agrees with the model on every status and on the final list, for random command sequences", async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), run), { numRuns: 60 });
  });
});
