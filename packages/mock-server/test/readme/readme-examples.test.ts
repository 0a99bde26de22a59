import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The README's in-process example runs as it is written: in-process-example.test.ts is that block,
// character for character, and vitest runs it like any other test file.
describe("the README's examples", () => {
  it("the in-process example is in-process-example.test.ts, verbatim", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const first = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const example = readFileSync(new URL("./in-process-example.test.ts", import.meta.url), "utf8");
    expect(first).toBe(example);
  });
});
