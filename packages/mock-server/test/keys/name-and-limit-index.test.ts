import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuplicateKeyNameError, KeyLimitReachedError } from "../../src/keys/errors.js";
import { KeyService } from "../../src/keys/key-service.js";
import type { KeyInput } from "../../src/keys/model.js";

const input = (name: string): KeyInput => ({
  name,
  description: null,
  allowedIp: [],
  expiresAt: null,
  authorizationGroup: null,
});
const NAMES = ["a", "b", "c", "d", "e", "f"];

type Operation =
  | { kind: "create" | "createMany"; user: number; name: number }
  | { kind: "rename"; pick: number; name: number }
  | { kind: "revoke" | "delete"; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("create" as const, "createMany" as const),
    user: fc.integer({ min: 1, max: 2 }),
    name: fc.nat({ max: NAMES.length - 1 }),
  }),
  fc.record({
    kind: fc.constant("rename" as const),
    pick: fc.nat(),
    name: fc.nat({ max: NAMES.length - 1 }),
  }),
  fc.record({ kind: fc.constantFrom("revoke" as const, "delete" as const), pick: fc.nat() }),
);

/** What create and update must decide, computed the slow way from every key of the user. */
function expectedCreate(keys: KeyService, user: number, name: string, limit: number) {
  const own = keys.listForUser(user);
  if (own.some((key) => key.name === name)) return DuplicateKeyNameError;
  if (own.filter((key) => key.status === "ACTIVE").length >= limit) return KeyLimitReachedError;
  return "created";
}

describe("KeyService name and key-limit checks (indexed, not scanned)", () => {
  for (const uniqueNamesOnUpdate of [true, false]) {
    it(`decide as a scan of all the user's keys would (uniqueNamesOnUpdate: ${uniqueNamesOnUpdate})`, () => {
      fc.assert(
        fc.property(
          fc.array(operation, { maxLength: 40 }),
          fc.integer({ min: 1, max: 5 }),
          (operations, limit) => {
            const keys = new KeyService({
              keyLimit: limit,
              uniqueNamesOnUpdate,
              allowlistMatching: "ipaddr",
            });
            for (const op of operations) {
              if (op.kind === "create" || op.kind === "createMany") {
                const name = NAMES[op.name]!;
                const expected = expectedCreate(keys, op.user, name, limit);
                const attempt = () =>
                  op.kind === "create"
                    ? keys.create(op.user, input(name), 0)
                    : keys.createMany(op.user, [input(name)], 0);
                if (expected === "created") expect(attempt).not.toThrow();
                else expect(attempt).toThrow(expected);
                continue;
              }
              const change = op as Exclude<Operation, { kind: "create" | "createMany" }>;
              const all = keys.all();
              if (all.length === 0) continue;
              const target = all[change.pick % all.length]!;
              if (change.kind === "delete") keys.delete(target.userId, target.id);
              else if (change.kind === "revoke") keys.revoke(target.userId, target.id);
              else if (change.kind === "rename" && target.status === "ACTIVE") {
                const name = NAMES[change.name]!;
                const taken = keys
                  .listForUser(target.userId)
                  .some((other) => other.id !== target.id && other.name === name);
                const attempt = () => keys.update(target.userId, target.id, input(name));
                if (uniqueNamesOnUpdate && taken) expect(attempt).toThrow(DuplicateKeyNameError);
                else expect(attempt()).toMatchObject({ name });
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
