import { createKeyServiceMock, startMockServer } from "@keywarden/mock-server";
import { describe, expect, it } from "vitest";
import { quickStart } from "../../examples/quick-start.js";

describe("the README quick start", () => {
  it("runs as written against the standalone mock", async () => {
    const mock = createKeyServiceMock();
    const server = await startMockServer({ handlers: mock.handlers, port: 0 });
    const lines: string[] = [];
    try {
      await quickStart(server.url, (line) => lines.push(line));
    } finally {
      await server.close();
    }
    expect(lines[0]).toMatch(/^created key \d+ \(billing-\d+\)/);
    expect(lines[1]).toBe("the new secret authenticates: true");
    expect(lines.at(-1)).toMatch(/high-severity alerts in the last 7 days/);
  });
});
