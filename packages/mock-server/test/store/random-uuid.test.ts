import { describe, expect, it } from "vitest";
import { randomUuid, secureRandomBytes } from "../../src/random.js";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("randomUuid", () => {
  it("writes a source's 16 bytes as a version 4 UUID, version and variant bits set", () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(randomUuid(() => bytes.slice())).toBe("00112233-4455-4677-8899-aabbccddeeff");
    expect(randomUuid(() => new Uint8Array(16).fill(0xff))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
  });

  it("draws distinct v4 ids from the secure pool, across refills", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = randomUuid(secureRandomBytes);
      expect(id).toMatch(V4);
      ids.add(id);
    }
    expect(ids.size).toBe(1000);
  });
});
