import { describe, expect, it } from "vitest";
import { formatPlan } from "../../src/cli/plan-table.js";
import { formatTable } from "../../src/cli/table.js";
import { planKey } from "../../src/rotation/plan.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-03-01T00:00:00Z");

describe("tables", () => {
  it("aligns columns", () => {
    expect(formatTable(["a", "long header"], [["wide value", "x"]])).toBe(
      ["a           long header", "----------  -----------", "wide value  x"].join("\n"),
    );
  });

  it("plans: due keys first, with the group, when and where, and a count", () => {
    const settings = {
      rotateWithin: 7 * DAY,
      gracePeriod: 0,
      pathTemplate: "keywarden/{name}",
      rules: [{ match: "soon", authorizationGroup: "search-only" }],
    };
    const key = (
      id: string,
      name: string,
      expiresIn: number | null,
      authorizationGroup: string | null = null,
    ) => ({
      id,
      name,
      allowedIp: [],
      description: null,
      createdAt: NOW - DAY,
      expiresAt: expiresIn === null ? null : NOW + expiresIn,
      status: "active" as const,
      authorizationGroup,
    });
    const text = formatPlan(
      [key("1", "later", 30 * DAY, "read-only"), key("2", "soon", 2 * DAY), key("3", "forever", null)].map(
        (k) => planKey(k, NOW, settings),
      ),
      NOW,
      "secret",
    );
    const lines = text.split("\n");
    expect(lines[2]).toMatch(
      /^2\s+soon\s+- → search-only\s+2026-03-03T00:00:00.000Z \(2d\)\s+now\s+rotate\s+secret\/data\/keywarden\/soon\s+expires soon$/,
    );
    expect(lines[3]).toMatch(/^1\s+later\s+read-only\s+.* \(in 23d\)\s+not-due/);
    expect(lines[4]).toMatch(/^3\s+forever\s+-\s+never/);
    expect(text).toMatch(/1 of 3 keys would be rotated now\.$/);
  });
});
