import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestUrl } from "../../src/server/incoming.js";

// requestUrl takes a shortcut for plain hosts; it must give what resolving the target against the
// host's origin gives, for any target and any Host a client may send.

function resolved(target: string, host: string): string {
  try {
    return new URL(target, `http://${host}`).href;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

function shortcut(target: string, host: string): string {
  try {
    return requestUrl(target, host).href;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

const piece = (chars: string) =>
  fc.array(fc.constantFrom(...chars.split("")), { maxLength: 12 }).map((list) => list.join(""));
const target = fc
  .oneof(piece("/\\?#%.:@a1 é~!$&'()*+,;=[]"), piece("/.a%2e"), fc.string({ maxLength: 12 }))
  .map((rest) => `/${rest}`);
const host = fc.oneof(
  fc.constantFrom(
    "127.0.0.1:4010",
    "localhost",
    "[::1]:8080",
    "EXAMPLE.com",
    "h:",
    "",
    "a/b",
    "a?b",
    "a@b",
    "a b",
  ),
  piece("aZ09.:[]-_/?#@%\\ é"),
);

describe("requestUrl", () => {
  it("is the target resolved against http://<host>", () => {
    fc.assert(
      fc.property(target, host, (t, h) => {
        expect(shortcut(t, h)).toBe(resolved(t, h));
      }),
      { numRuns: 20_000 },
    );
  });

  it("resolves a target starting with // or /\\ as naming a host, as WHATWG URL parsing does", () => {
    expect(requestUrl("//evil.test/x", "127.0.0.1:4010").href).toBe("http://evil.test/x");
    expect(requestUrl("/\\evil.test/x", "127.0.0.1:4010").href).toBe("http://evil.test/x");
    expect(requestUrl("/a/../b?q=1", "127.0.0.1:4010").href).toBe("http://127.0.0.1:4010/b?q=1");
  });
});
