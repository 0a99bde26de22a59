import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BufferedResponse } from "../../src/adapters/buffered-response.js";

type Operation = "text" | "json" | "arrayBuffer" | "bytes" | "blob" | "readBody" | "cancelBody" | "cloneText";

/** What an operation observably did: its value, or the class of what it threw. */
async function observe(response: Response, operation: Operation): Promise<unknown> {
  try {
    switch (operation) {
      case "text":
        return await response.text();
      case "json":
        return await response.json();
      case "arrayBuffer":
        return [...new Uint8Array(await response.arrayBuffer())];
      case "bytes":
        return [...(await response.bytes())];
      case "blob": {
        const blob = await response.blob();
        return [blob.type, blob.size];
      }
      case "readBody": {
        const body = response.body;
        if (body === null) return null;
        const reader = body.getReader();
        const chunks: number[] = [];
        for (let read = await reader.read(); !read.done; read = await reader.read())
          chunks.push(...read.value);
        return chunks;
      }
      case "cancelBody":
        await response.body?.cancel();
        return "cancelled";
      case "cloneText":
        return await response.clone().text();
    }
  } catch (error) {
    return `threw ${(error as Error).constructor.name}`;
  }
}

const bodyArb = fc.oneof(
  fc.constant(null),
  fc.json().map((text) => new TextEncoder().encode(text)),
  fc.string().map((text) => new TextEncoder().encode(text)),
  // a BOM, bad UTF-8 and the empty body, which text() must treat as the platform does
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes])),
  fc.uint8Array({ maxLength: 24 }),
);
const operationsArb = fc.array(
  fc.constantFrom<Operation>(
    "text",
    "json",
    "arrayBuffer",
    "bytes",
    "blob",
    "readBody",
    "cancelBody",
    "cloneText",
  ),
  { minLength: 1, maxLength: 4 },
);

describe("BufferedResponse: a Response read from memory, indistinguishable from the platform's", () => {
  it("gives the same values, errors and bodyUsed as `new Response(bytes)` for any body and any reads", async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, operationsArb, async (bytes, operations) => {
        const init = { status: 200, headers: { "content-type": "application/json" } };
        const platform = new Response(bytes === null ? null : bytes.slice(), init);
        const buffered = new BufferedResponse(
          bytes === null ? null : bytes.slice(),
          init,
          "http://vault:8200/v1/x",
        );
        for (const operation of operations) {
          expect(await observe(buffered, operation)).toEqual(await observe(platform, operation));
          expect(buffered.bodyUsed).toBe(platform.bodyUsed);
          expect(buffered.body === null).toBe(platform.body === null);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is a Response with the status, headers and url it was given", async () => {
    const response = new BufferedResponse(
      new TextEncoder().encode('{"ok":true}'),
      { status: 201, statusText: "Created", headers: { "x-request": "1" } },
      "http://127.0.0.1:4010/api/api-keys",
    );
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok, response.url]).toEqual([
      201,
      "Created",
      true,
      "http://127.0.0.1:4010/api/api-keys",
    ]);
    expect(response.headers.get("x-request")).toBe("1");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("hands out a byte stream, as the platform does (a BYOB reader works)", async () => {
    const response = new BufferedResponse(new TextEncoder().encode("abc"), { status: 200 }, "http://x/");
    const reader = response.body!.getReader({ mode: "byob" });
    const { value } = await reader.read(new Uint8Array(8));
    expect(new TextDecoder().decode(value)).toBe("abc");
    expect(response.bodyUsed).toBe(true);
  });

  it("clones into an independent body, and refuses to clone a read one", async () => {
    const response = new BufferedResponse(
      new TextEncoder().encode("secret-free"),
      { status: 200 },
      "http://x/",
    );
    const copy = response.clone();
    expect(await response.text()).toBe("secret-free");
    expect(await copy.text()).toBe("secret-free");
    expect(() => response.clone()).toThrow(TypeError);
  });
});
