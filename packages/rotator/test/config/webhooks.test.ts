import { describe, expect, it } from "vitest";
import { loadConfig, SECRET_SETTINGS } from "../../src/config.js";
import { minimalEnv, problemsOf } from "../support/config-env.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

describe("webhook settings", () => {
  it("reads receivers, the secret, event filters and delivery retries", () => {
    const config = loadConfig({
      ...minimalEnv,
      KEYWARDEN_WEBHOOK_URLS: "https://a.example.com/hooks, http://b.example.com:8080/k",
      KEYWARDEN_WEBHOOK_SECRET: SECRET,
      KEYWARDEN_WEBHOOK_EVENTS: "rotation.verified,rotation.needs_attention",
      KEYWARDEN_WEBHOOK_ATTEMPTS: "3",
      KEYWARDEN_WEBHOOK_BACKOFF: "1m",
    });
    expect(config.webhooks).toEqual({
      urls: ["https://a.example.com/hooks", "http://b.example.com:8080/k"],
      secret: { kind: "value", value: SECRET },
      events: ["rotation.verified", "rotation.needs_attention"],
      attempts: 3,
      backoffMs: 60_000,
    });
    expect(loadConfig(minimalEnv).webhooks).toBeUndefined();
    expect(SECRET_SETTINGS).toContain("KEYWARDEN_WEBHOOK_SECRET");
  });

  it("reads the secret from a Vault path, like the rotator's own key", () => {
    const config = loadConfig({
      ...minimalEnv,
      KEYWARDEN_WEBHOOK_URLS: "https://a.example.com/hooks",
      KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH: "keywarden/webhook-signing",
    });
    expect(config.webhooks?.secret).toEqual({ kind: "vault", path: "keywarden/webhook-signing" });
    expect(config.webhooks).toMatchObject({ attempts: 10, backoffMs: 5_000 });
  });

  it("says what is wrong, never repeating the secret or a URL", () => {
    const bad = "whsec_tooshort";
    const problems = problemsOf({
      ...minimalEnv,
      KEYWARDEN_WEBHOOK_URLS: "https://user:hunter2@a.example.com/x ftp://b.example.com",
      KEYWARDEN_WEBHOOK_SECRET: bad,
      KEYWARDEN_WEBHOOK_EVENTS: "rotation.verified,rotation.done",
    });
    expect(problems).toEqual([
      "KEYWARDEN_WEBHOOK_URLS entry 1 must not contain a user name or password (the value is not shown); receivers authenticate deliveries by their signature",
      "KEYWARDEN_WEBHOOK_URLS entry 2 must be an http:// or https:// URL",
      'KEYWARDEN_WEBHOOK_EVENTS: unknown event "rotation.done"; events are rotation.verified, rotation.completed, rotation.needs_attention, key.expiring_unmanaged, key.expired',
    ]);
    expect(
      problemsOf({
        ...minimalEnv,
        KEYWARDEN_WEBHOOK_URLS: "https://a.example.com",
        KEYWARDEN_WEBHOOK_SECRET: bad,
      }),
    ).toEqual([
      "KEYWARDEN_WEBHOOK_SECRET must be whsec_ followed by at least 16 bytes in base64 (the value is not shown)",
    ]);
    expect(problemsOf({ ...minimalEnv, KEYWARDEN_WEBHOOK_URLS: "https://a.example.com" })[0]).toMatch(
      /^KEYWARDEN_WEBHOOK_URLS needs a signing secret/,
    );
    expect(problemsOf({ ...minimalEnv, KEYWARDEN_WEBHOOK_SECRET: SECRET })).toEqual([
      "KEYWARDEN_WEBHOOK_URLS is required with the other KEYWARDEN_WEBHOOK_* settings",
    ]);
    expect(
      problemsOf({
        ...minimalEnv,
        KEYWARDEN_WEBHOOK_URLS: "https://a.example.com",
        KEYWARDEN_WEBHOOK_SECRET: SECRET,
        KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH: "keywarden/hooks",
      }),
    ).toEqual(["Set only one of KEYWARDEN_WEBHOOK_SECRET and KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH"]);
  });
});
