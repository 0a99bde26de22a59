import { describe, expect, it } from "vitest";
import { redactSecretQuery, redactUrlUserinfo, SECRET_QUERY_PARAMETERS } from "../src/redact.js";

describe("redactSecretQuery", () => {
  it("replaces the value of every secret parameter, whatever its case, and keeps the rest", () => {
    for (const name of [...SECRET_QUERY_PARAMETERS, "apiKey", "ACCESS_TOKEN"]) {
      expect(redactSecretQuery(`/x?page=1&${name}=s3cr3t&size=2`, "[x]")).toBe(
        `/x?page=1&${name}=[x]&size=2`,
      );
    }
    expect(redactSecretQuery("/x?tokens=1&page=2", "[x]")).toBe("/x?tokens=1&page=2");
    expect(redactSecretQuery("no query here", "[x]")).toBe("no query here");
  });

  it("ends the value at a fragment, a space or a quote (a URL inside a log line or JSON)", () => {
    expect(redactSecretQuery('{"url":"/x?token=abc"} /y?secret=d#top e', "[x]")).toBe(
      '{"url":"/x?token=[x]"} /y?secret=[x]#top e',
    );
  });
});

describe("redactUrlUserinfo", () => {
  it("removes user and password of every URL, up to the last @ before the path", () => {
    expect(redactUrlUserinfo("redis://:p@ss@host:6379/0 and http://u:pw@h/a@b", "[x]")).toBe(
      "redis://[x]@host:6379/0 and http://[x]@h/a@b",
    );
    expect(redactUrlUserinfo("mail me: a@b.c", "[x]")).toBe("mail me: a@b.c");
  });
});
