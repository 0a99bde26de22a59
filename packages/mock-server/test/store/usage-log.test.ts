import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type UsageEntry, UsageLog } from "../../src/store/usage-log.js";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function entry(n: number, keyId?: string | null): UsageEntry {
  return {
    apiKeyId: String(n),
    apiKeyName: `key-${n}`,
    keyId,
    userId: "1",
    time: Date.UTC(2026, 0, 1) + n,
    endpoint: `/api/api-keys/${n}`,
    address: "127.0.0.1",
    errorMessage: null,
    queryParams: null,
    payload: null,
    userAgent: "test",
    httpMethod: "GET",
    statusCode: "200",
  };
}

/** A counting byte source: byte i of draw d is (16 d + i) mod 256. */
function counting() {
  let drawn = 0;
  return (size: number) => Uint8Array.from({ length: size }, () => drawn++ % 256);
}

describe("UsageLog", () => {
  it("keeps the last `limit` documents, oldest first, across many wraps of its ring", () => {
    const log = new UsageLog(3);
    for (let n = 1; n <= 11; n++) {
      log.append(entry(n));
      const kept = log.documents().map((document) => document.apiKeyId);
      const first = Math.max(1, n - 2);
      expect(kept).toEqual(Array.from({ length: n - first + 1 }, (_, i) => String(first + i)));
    }
    expect(log.size).toBe(3);
  });

  it("writes each document as UTMStack's, with its id and timestamp as text, keyId only when given", () => {
    const log = new UsageLog(10);
    log.append(entry(1, "key_1"));
    log.append(entry(2));
    const [withKeyId, without] = log.documents();
    expect(withKeyId).toEqual({
      id: expect.stringMatching(V4),
      apiKeyId: "1",
      apiKeyName: "key-1",
      keyId: "key_1",
      userId: "1",
      timestamp: "2026-01-01T00:00:00.001Z",
      endpoint: "/api/api-keys/1",
      address: "127.0.0.1",
      errorMessage: null,
      queryParams: null,
      payload: null,
      userAgent: "test",
      httpMethod: "GET",
      statusCode: "200",
    });
    expect(Object.keys(withKeyId!)).toEqual([
      "id",
      "apiKeyId",
      "apiKeyName",
      "keyId",
      "userId",
      "timestamp",
      "endpoint",
      "address",
      "errorMessage",
      "queryParams",
      "payload",
      "userAgent",
      "httpMethod",
      "statusCode",
    ]);
    expect(without).not.toHaveProperty("keyId");
  });

  it("draws each id from its source when the document is written, not when it is read", () => {
    const log = new UsageLog(2, counting());
    for (let n = 1; n <= 3; n++) log.append(entry(n));
    // the third write drew bytes 32..47 and took the first document's record
    expect(log.documents().map((document) => document.id)).toEqual([
      "10111213-1415-4617-9819-1a1b1c1d1e1f",
      "20212223-2425-4627-a829-2a2b2c2d2e2f",
    ]);
    const ids = new UsageLog(1000);
    for (let n = 0; n < 1000; n++) ids.append(entry(n));
    expect(new Set(ids.documents().map((document) => document.id)).size).toBe(1000);
  });

  it("hands out the same documents until a write, and never changes one it handed out", () => {
    const log = new UsageLog(2);
    log.append(entry(1));
    log.append(entry(2));
    const before = log.documents();
    expect(log.documents()).toBe(before);
    const first = { ...before[0]! };
    log.append(entry(3));
    expect(before[0]).toEqual(first);
    expect(log.documents()[0]).toBe(before[1]);
  });

  it("forgets everything on clear", () => {
    const log = new UsageLog(2);
    log.append(entry(1));
    log.clear();
    expect(log.documents()).toEqual([]);
    log.append(entry(2));
    expect(log.documents().map((document) => document.apiKeyId)).toEqual(["2"]);
  });

  it("reads like an array of the last `limit` writes, whatever the writes and reads interleave", () => {
    const op = fc.oneof(fc.constant("read" as const), fc.constant("clear" as const), fc.nat(50));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
        const log = new UsageLog(limit);
        let model: string[] = [];
        let written = 0;
        let previous = log.documents();
        for (const step of ops) {
          if (step === "clear") {
            log.clear();
            model = [];
          } else if (step === "read") {
            const read = log.documents();
            expect(read.map((document) => document.apiKeyId)).toEqual(model);
            // a document still kept is the same object as at the previous read
            for (const document of read) {
              const before = previous.find((other) => other.apiKeyId === document.apiKeyId);
              if (before) expect(document).toBe(before);
            }
            previous = read;
          } else {
            for (let i = 0; i <= step % 3; i++) {
              written++;
              log.append(entry(written));
              model = [...model, String(written)].slice(-limit);
            }
          }
        }
        expect(log.documents().map((document) => document.apiKeyId)).toEqual(model);
      }),
    );
  });
});
