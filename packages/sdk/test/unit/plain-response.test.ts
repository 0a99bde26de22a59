import { describe, expect, it } from "vitest";
import { PlainResponse } from "../../src/transport/plain-response.js";

describe("PlainResponse", () => {
  it("answers as the Response it was read from: status, headers, url, text and JSON, and natively for the rest", async () => {
    const from = new Response(null, {
      status: 201,
      statusText: "Created",
      headers: { "x-total-count": "3" },
    });
    const plain = new PlainResponse('{"id":7}', from, "http://utm.test/api/api-keys/7");
    expect([plain.status, plain.statusText, plain.ok, plain.url]).toEqual([
      201,
      "Created",
      true,
      "http://utm.test/api/api-keys/7",
    ]);
    expect(plain.headers.get("x-total-count")).toBe("3");
    expect(await plain.json()).toEqual({ id: 7 });
    expect(await plain.text()).toBe('{"id":7}');
    expect(await plain.clone().json()).toEqual({ id: 7 });
    expect(new TextDecoder().decode(await plain.arrayBuffer())).toBe('{"id":7}');
    await expect(new PlainResponse("not json", from, "u").json()).rejects.toThrow(SyntaxError);
  });
});
