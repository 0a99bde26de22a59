import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyService } from "../../src/keys/key-service.js";
import type { KeyInput } from "../../src/keys/model.js";

const input = (name: string): KeyInput => ({
  name,
  description: null,
  allowedIp: [],
  expiresAt: null,
  authorizationGroup: null,
});

type Operation =
  | { kind: "create"; user: number }
  | { kind: "delete"; pick: number }
  | { kind: "revoke"; pick: number }
  | { kind: "rename"; pick: number }
  | { kind: "clear" };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("create" as const), user: fc.integer({ min: 1, max: 2 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);

describe("KeyService.pageForUser (the default listing, without sorting every key)", () => {
  it("returns the same page as sorting all the user's keys by id, after any mix of changes", () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 60 }),
        fc.nat({ max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (operations, offset, limit) => {
          const keys = new KeyService({
            keyLimit: null,
            uniqueNamesOnUpdate: false,
            allowlistMatching: "ipaddr",
          });
          let counter = 0;
          for (const op of operations) {
            const all = keys.all();
            const target = all.length > 0 ? all[("pick" in op ? op.pick : 0) % all.length]! : undefined;
            if (op.kind === "create") keys.create(op.user, input(`key-${counter++}`), 0);
            else if (op.kind === "clear") keys.clear();
            else if (!target) continue;
            else if (op.kind === "delete") keys.delete(target.userId, target.id);
            else if (op.kind === "revoke") keys.revoke(target.userId, target.id);
            else if (target.status === "ACTIVE")
              keys.update(target.userId, target.id, input(`renamed-${counter++}`));
          }
          for (const user of [1, 2, 3]) {
            const expected = keys.listForUser(user).sort((a, b) => a.id - b.id);
            const page = keys.pageForUser(user, offset, limit);
            expect(page.total).toBe(expected.length);
            expect(page.items).toEqual(expected.slice(offset, offset + limit));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
