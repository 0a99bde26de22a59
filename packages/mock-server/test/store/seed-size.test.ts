import { describe, expect, it } from "vitest";
import { createKeyServiceMock } from "../../src/index.js";

describe("a large seed", () => {
  it("seeds 200,000 hand-written alerts (spread into one call, they overflowed the stack)", () => {
    const alerts = Array.from({ length: 200_000 }, (_, i) => ({ id: `a-${i}`, name: "seeded", severity: 1 }));
    const mock = createKeyServiceMock({ seed: { alerts, alertCount: 0 } });
    expect(mock).toBeDefined();
  });
});
