import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

// Over a real socket, as an operator would run it (and whatever fetch the CLI uses).
const { mock, url } = mockOverSocketForFile([
  { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
  { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 60 },
]);

const env = {
  KEYWARDEN_USERNAME: "admin",
  KEYWARDEN_PASSWORD: "admin",
  VAULT_TOKEN: "root",
  KEYWARDEN_LOG_LEVEL: "silent",
  KEYWARDEN_METRICS_PORT: "0",
};

/** Runs the CLI in-process: exit code, stdout (`text`) and stderr (`errors`) apart. */
async function run(argv: string[], extraEnv: Record<string, string> = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(
    argv,
    { ...env, KEYWARDEN_URL: url(), VAULT_ADDR: url(), ...extraEnv },
    (text) => lines.push(text),
    (text) => errors.push(text),
  );
  return { code, text: lines.join("\n"), errors: errors.join("\n") };
}

describe("keywarden-rotator CLI", () => {
  it("prints help with every command and setting", async () => {
    const { code, text } = await run(["--help"]);
    expect(code).toBe(0);
    for (const word of [
      "run",
      "worker",
      "scan",
      "plan",
      "rotate <key>",
      "status",
      "KEYWARDEN_ROTATE_WITHIN",
      "KEYWARDEN_QUEUE_PREFIX",
      "VAULT_ROLE_ID",
    ]) {
      expect(text).toContain(word);
    }
  });

  it("refuses unknown commands and a rotate without a key, with exit code 2", async () => {
    expect(await run(["frobnicate"])).toMatchObject({
      code: 2,
      text: "",
      errors: expect.stringContaining('Unknown command "frobnicate"'),
    });
    expect(await run(["rotate"])).toMatchObject({
      code: 2,
      text: "",
      errors: expect.stringContaining("Usage: keywarden-rotator rotate"),
    });
  });

  it("reports every bad setting at once, exit code 2", async () => {
    const { code, text, errors } = await run(["plan"], {
      KEYWARDEN_URL: "",
      VAULT_TOKEN: "",
      KEYWARDEN_CONCURRENCY: "-1",
    });
    expect(code).toBe(2);
    expect(text).toBe("");
    expect(errors).toContain("KEYWARDEN_URL is required");
    expect(errors).toContain("Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID (AppRole)");
    expect(errors).toContain("KEYWARDEN_CONCURRENCY must be > 0");
  });

  it("refuses credentials in KEYWARDEN_URL and VAULT_ADDR (exit code 2) without printing them", async () => {
    const { code, errors } = await run(["plan"], {
      KEYWARDEN_URL: "http://user:pw123@host",
      VAULT_ADDR: "http://root:vpw456@127.0.0.1:8200",
    });
    expect(code).toBe(2);
    expect(errors).toContain("KEYWARDEN_URL must not contain a user name or password");
    expect(errors).toContain("VAULT_ADDR must not contain a user name or password");
    expect(errors).not.toMatch(/pw123|vpw456/);
  });

  it("plan lists what would rotate, and changes nothing", async () => {
    const before = JSON.stringify(mock.store.snapshot().keys);
    const { code, text } = await run(["plan"]);
    expect(code).toBe(0);
    expect(text).toMatch(/billing .* now\s+rotate\s+secret\/data\/keywarden\/billing/);
    expect(text).toMatch(/crm .* not-due/);
    expect(text).toContain("1 of 2 keys would be rotated now.");
    expect(JSON.stringify(mock.store.snapshot().keys)).toBe(before);
  });

  it("plan checks the Vault token and its capabilities on each key's Vault paths, reading and writing nothing", async () => {
    const state = mock.vault!.state;
    state.addPolicy(
      "billing-only",
      `path "secret/data/keywarden/billing" { capabilities = ["create", "read", "update"] }
       path "secret/metadata/keywarden/billing" { capabilities = ["create", "update"] }
       path "secret/data/keywarden/crm" { capabilities = ["read", "update"] }`,
    );
    const token = state.createToken({ policies: ["billing-only"] }).id;
    // latency-0 faults change nothing; they count the requests they match
    const secretPaths = mock.faults.add({ path: "/v1/secret/*", latencyMs: 0 });
    const capabilities = mock.faults.add({ path: "/v1/sys/capabilities-self", method: "POST", latencyMs: 0 });
    const { code, text } = await run(["plan"], { VAULT_TOKEN: token });
    const hits = (id: number) => mock.faults.list().find((fault) => fault.id === id)?.hits;
    // one question per key, and no secret's path touched
    expect([hits(capabilities), hits(secretPaths)]).toEqual([2, 0]);
    mock.faults.remove(secretPaths);
    mock.faults.remove(capabilities);
    expect(code).toBe(0);
    expect(text).toMatch(/^Vault token: valid \(policies: .*billing-only.*; expires in \d+m\)\./);
    expect(text).toMatch(/billing .* secret\/data\/keywarden\/billing\s+ok\s/);
    expect(text).toMatch(/crm .* secret\/data\/keywarden\/crm\s+DENIED/);
    expect(text).toContain("DENIED for 1 key (crm)");
    expect(text).toContain(
      'crm (secret/data/keywarden/crm): Vault token may not "create" secret/data/keywarden/crm (has: read, update); Vault token may not "create" or "update" secret/metadata/keywarden/crm (has: deny)',
    );
    expect(text).not.toContain(token);
    const json = await run(["plan", "--json"], { VAULT_TOKEN: token });
    expect(JSON.parse(json.text).keys).toEqual([
      expect.objectContaining({ name: "billing", vaultAccess: { kind: "allowed" } }),
      expect.objectContaining({
        name: "crm",
        vaultAccess: expect.objectContaining({
          kind: "denied",
          missing: [
            { path: "secret/data/keywarden/crm", missing: ["create"], has: ["read", "update"] },
            { path: "secret/metadata/keywarden/crm", missing: ["create", "update"], has: ["deny"] },
          ],
        }),
      }),
    ]);
    const root = await run(["plan"]);
    expect(root.text.match(/secret\/data\/keywarden\/\w+\s+ok\s/g)).toHaveLength(2);
  });

  it("plan logs in with AppRole before checking the token", async () => {
    mock.vault!.state.addRole({
      name: "plan-check",
      policies: ["billing-only"],
      roleId: "plan-role",
      secretIds: ["plan-secret-id"],
      tokenTtl: 3600,
    });
    const { code, text } = await run(["plan"], {
      VAULT_TOKEN: "",
      VAULT_ROLE_ID: "plan-role",
      VAULT_SECRET_ID: "plan-secret-id",
    });
    expect(code).toBe(0);
    expect(text).toMatch(/^Vault token: valid \(policies: .*billing-only/);
  });

  it("plan fails (exit 1) with a clear message when the token is invalid or Vault is unreachable", async () => {
    const invalid = await run(["plan"], { VAULT_TOKEN: "hvs.not-a-real-token" });
    expect(invalid.code).toBe(1);
    expect(invalid.errors).toMatch(/^plan failed: Vault at .* rejected the token \(invalid-token\)/);
    expect(invalid.errors).not.toContain("hvs.not-a-real-token");
    const unreachable = await run(["plan"], { VAULT_ADDR: "http://127.0.0.1:1" });
    expect(unreachable).toEqual({
      code: 1,
      text: "",
      errors:
        "plan failed: Vault is not reachable at http://127.0.0.1:1 (ECONNREFUSED); check VAULT_ADDR and that Vault is running.",
    });
  });

  it("scan enqueues due keys and status shows them, on a prefix of its own", async () => {
    const redis = isolatedRedis();
    try {
      const scan = await run(["scan", "--json"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix });
      expect(scan.code).toBe(0);
      expect(JSON.parse(scan.text)).toMatchObject({ scanned: 2, due: 1 });
      const status = await run(["status", "--json"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix });
      expect(JSON.parse(status.text)).toMatchObject({
        counts: { waiting: 1, failed: 0 },
        needsAttention: [],
      });
      const table = await run(["status"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix });
      expect(table.text).toContain("Rotation jobs: waiting 1");
      expect(table.text).toContain("Needs attention (0)");
    } finally {
      await redis.cleanup();
    }
  });

  it("rotate refuses a key its policy says to skip, before anything is queued or created", async () => {
    const redis = isolatedRedis();
    const policies = join(mkdtempSync(join(tmpdir(), "kw-skip-")), "policies.yaml");
    writeFileSync(policies, 'policies:\n  - match: "bill*"\n    skip: true\n');
    try {
      const extra = { KEYWARDEN_QUEUE_PREFIX: redis.prefix, KEYWARDEN_POLICY_FILE: policies };
      expect(await run(["rotate", "billing"], extra)).toEqual({
        code: 1,
        text: "",
        errors:
          'Not rotating "billing": policy "bill*" in KEYWARDEN_POLICY_FILE says skip (never rotate it); remove skip from that rule to rotate it.',
      });
      const json = await run(["rotate", "billing", "--json"], extra);
      expect(JSON.parse(json.text)).toMatchObject({
        error: { code: "skipped", key: "billing", rule: "bill*" },
      });
      expect((await run(["plan"], extra)).text).toMatch(/billing .*skip/);
      expect(await redis.connection.keys(`${redis.prefix}*`)).toEqual([]);
    } finally {
      await redis.cleanup();
    }
  });

  it("rotate <name> rotates one key now even when not due, and plan then shows the successor", async () => {
    const redis = isolatedRedis();
    try {
      const rotate = await run(["rotate", "crm"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix });
      expect(rotate.code).toBe(0);
      expect(rotate.text).toMatch(/Rotating "crm" \(key \d+\) as job manual-\d+-\d+/);
      expect(rotate.text).toMatch(
        /Done: \{"outcome":"rotated","successorId":"\d+","vaultPath":"keywarden\/crm","vaultVersion":1,"verifiedBy":"api"\}/,
      );
      const plan = await run(["plan"]);
      expect(plan.text).not.toMatch(/crm~retired-/);
      expect(plan.text).toContain("1 retired key not listed (--all lists them).");
      expect((await run(["plan", "--all"])).text).toMatch(/crm~retired-\d+ .* skip .* revoked/);
      expect(await run(["rotate", "no-such-key"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix })).toEqual({
        code: 1,
        text: "",
        errors: 'No key with id or name "no-such-key".',
      });
    } finally {
      await redis.cleanup();
    }
  });
});
