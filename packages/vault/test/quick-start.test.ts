import { createClock, createVaultEmulation, startMockServer } from "@keywarden/mock-server";
import { describe, expect, it } from "vitest";
import { quickStart } from "../examples/quick-start.js";

describe("the README quick start", () => {
  it("runs as written against the mock server's Vault emulation", async () => {
    const server = await startMockServer({
      handlers: createVaultEmulation({ clock: createClock() }).handlers,
      port: 0,
    });
    const lines: string[] = [];
    try {
      await quickStart(server.url, (line) => lines.push(line));
    } finally {
      await server.close();
    }
    expect(lines).toEqual([
      expect.stringMatching(/^wrote secret\/examples\/billing-\d+: written, version 1$/),
      "read back version 1: api_key=k-1",
      "labelled: owner=billing",
      "a stale write is refused: true",
    ]);
  });
});
