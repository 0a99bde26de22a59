import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { redactCredentials, redactRecord } from "../../src/observability/redact.js";

describe("redactCredentials", () => {
  it("removes the user name and password of every URL in a text, whatever the scheme", () => {
    expect(
      redactCredentials(
        "list keys: Request cannot be constructed from a URL that includes credentials: http://user:pw123@host/api/api-keys?page=0",
      ),
    ).toBe(
      "list keys: Request cannot be constructed from a URL that includes credentials: http://[redacted]@host/api/api-keys?page=0",
    );
    expect(redactCredentials("redis://:hunter2@r:6379 and rediss://default:s3cret@r2")).toBe(
      "redis://[redacted]@r:6379 and rediss://[redacted]@r2",
    );
  });

  it("removes a password that itself contains '@' (URL parsers split at the last one)", () => {
    expect(redactCredentials("redis://:p@ss@host:6379/0")).toBe("redis://[redacted]@host:6379/0");
  });

  it("removes secret query values and leaves ordinary text and e-mail-like paths alone", () => {
    expect(redactCredentials("GET https://h/x?page=1&access_token=abc.def&size=2")).toBe(
      "GET https://h/x?page=1&access_token=[redacted]&size=2",
    );
    const plain = "step store failed: Vault PUT /v1/secret/data/keywarden/a@b: permission denied";
    expect(redactCredentials(plain)).toBe(plain);
  });

  it("walks records, arrays and errors with their causes, without changing the input", () => {
    const input = {
      url: "http://u:pw1@h",
      list: ["redis://:pw2@r"],
      err: new Error("failed http://u:pw3@h", { cause: new Error("redis://:pw4@r") }),
    };
    const out = JSON.stringify(redactRecord(input));
    for (const secret of ["pw1", "pw2", "pw3", "pw4"]) expect(out).not.toContain(secret);
    expect(input.url).toBe("http://u:pw1@h");
  });
});

describe("the rotator's logger", () => {
  it("never writes URL credentials, in the message, a field, an error or its cause", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: "info", destination });
    logger.error(
      {
        event: "command.failed",
        err: new Error("list keys: http://user:pw123@host/api", { cause: new Error("redis://:pw456@r") }),
        redis: "redis://:pw789@r:6379",
      },
      "failed at https://admin:pwABC@utm.example.com",
    );
    logger.error(new Error("boom http://x:pwDEF@h"));
    logger.flush();
    const text = lines.join("");
    for (const secret of ["pw123", "pw456", "pw789", "pwABC", "pwDEF"]) expect(text).not.toContain(secret);
    const first = JSON.parse(lines[0] as string);
    expect(first).toMatchObject({
      msg: "failed at https://[redacted]@utm.example.com",
      redis: "redis://[redacted]@r:6379",
      err: { type: "Error", message: expect.stringContaining("http://[redacted]@host/api") },
    });
  });
});
