import { describe, expect, it } from "vitest";
import {
  redactCredentialShapes,
  redactKnownSecrets,
  redactSecretQuery,
  redactUrlUserinfo,
  SECRET_QUERY_PARAMETERS,
} from "../src/redact.js";

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

  it("reads a name as a server decodes it: an escaped access_token is still one", () => {
    for (const name of ["access%5Ftoken", "%61ccess_token", "access_t%6Fken", "API%5fKEY"]) {
      expect(redactSecretQuery(`/x?${name}=eyJ.a.b&page=1`, "[x]")).toBe(`/x?${name}=[x]&page=1`);
    }
    expect(redactSecretQuery("/x?bad%zz=1&token=t", "[x]")).toBe("/x?bad%zz=1&token=[x]");
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

describe("redactCredentialShapes", () => {
  it("removes Bearer and Basic credentials, JWTs, UTMStack keys and Vault tokens, and keeps the rest", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    const key = `${"A".repeat(20)}-_${"b".repeat(21)}`;
    const text = [
      "Authorization: Bearer abc.def",
      "Basic dXNlcjpwdw==",
      `token ${jwt};`,
      `{"api_key":"${key}"}`,
      `x-vault-token: hvs.${"x".repeat(24)}`,
      "old s.abcdefghijklmnopqrstuvwx",
      "keys.abcdefghijklmnopqrstuvwx stays",
      "hvs.short stays",
    ].join("\n");
    expect(redactCredentialShapes(text, "[x]").split("\n")).toEqual([
      "Authorization: Bearer [x]",
      "Basic [x]",
      "token [x];",
      '{"api_key":"[x]"}',
      "x-vault-token: [x]",
      "old [x]",
      "keys.abcdefghijklmnopqrstuvwx stays",
      "hvs.short stays",
    ]);
    // a 42- or 44-character run is no UTMStack key
    expect(redactCredentialShapes(`${"a".repeat(42)} ${"a".repeat(44)}`, "[x]")).toBe(
      `${"a".repeat(42)} ${"a".repeat(44)}`,
    );
  });
});

describe("redactKnownSecrets", () => {
  it("replaces every occurrence of each secret of four characters or more", () => {
    expect(redactKnownSecrets("pw=hunter2; again hunter2; id=ab", ["hunter2", "ab"], "[x]")).toBe(
      "pw=[x]; again [x]; id=ab",
    );
  });
});
