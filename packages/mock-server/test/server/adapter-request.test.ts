import { describe, expect, it } from "vitest";
import { registerAdapterRequest, requestBodyText, requestUrlOf } from "../../src/http/adapter-request.js";

describe("requests built by the node adapter", () => {
  it("give handlers the adapter's URL and a body text equal to request.text(), BOM and bad bytes included", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d, 0xff, 0xc3, 0xa9]);
    const url = new URL("http://127.0.0.1:4010/api/elasticsearch/search?top=1");
    const request = new Request(url, { method: "POST", body: bytes });
    registerAdapterRequest(request, url, { body: bytes, rawPath: url.pathname });
    expect(requestUrlOf(request)).toBe(url);
    expect(await requestBodyText(request)).toBe(await request.clone().text());
  });

  it("in-process requests are read as they are", async () => {
    const request = new Request("http://utm.test/x?y=1", { method: "POST", body: "[1]" });
    expect(requestUrlOf(request).href).toBe("http://utm.test/x?y=1");
    expect(await requestBodyText(request)).toBe("[1]");
  });
});
