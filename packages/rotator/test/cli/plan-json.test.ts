/**
 * `plan --json` carries the facts of the `plan` table, row for row and in the same order: ISO times
 * where the table shows them, Vault paths with their mount, each path's access, the token check;
 * and both leave out retired keys unless `--all`.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { PlanDocument, PlanKeyDocument } from "../../src/cli/plan-report.js";
import { isolatedRedis } from "../support/redis.js";
import { mockOverSocketForFile } from "../support/socket-mock.js";

const { mock, url } = mockOverSocketForFile([
  { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
  { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 60 },
  { name: "audit", secret: "audit-secret-00000000000000000000000000000", expiresInDays: 10 },
]);

async function run(argv: string[], extraEnv: Record<string, string> = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const env = {
    KEYWARDEN_URL: url(),
    VAULT_ADDR: url(),
    KEYWARDEN_USERNAME: "admin",
    KEYWARDEN_PASSWORD: "admin",
    VAULT_TOKEN: "root",
    KEYWARDEN_LOG_LEVEL: "silent",
    ...extraEnv,
  };
  const code = await main(
    argv,
    env,
    (text) => lines.push(text),
    (text) => errors.push(text),
  );
  expect(code, errors.join("\n")).toBe(0);
  return lines.join("\n");
}

/** The table's key rows, split into cells (cells are separated by two spaces or more). */
function tableRows(text: string): string[][] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => line.startsWith("id "));
  const end = lines.indexOf("", header);
  return lines.slice(header + 2, end).map((line) => line.split(/\s{2,}/));
}

/** What the table shows for one key of the JSON document. */
function asTableCells(key: PlanKeyDocument, checkedAt: string) {
  const access = key.vaultAccess?.kind;
  const group = key.authorizationGroup ?? "-";
  const next = key.successorAuthorizationGroup ?? "-";
  return {
    id: key.id,
    name: key.name,
    group: next === group || key.decision === "skip" ? group : `${group} → ${next}`,
    expires: key.expiresAt ?? "never",
    rotates: key.rotatesAt === null ? "-" : key.rotatesAt === checkedAt ? "now" : key.rotatesAt,
    decision: key.decision,
    vaultPath: key.vaultPath ?? "-",
    access:
      access === undefined
        ? "-"
        : { allowed: "ok", denied: "DENIED", unknown: "unknown (see below)" }[access],
    why: key.reason,
  };
}

/** A table row in the same form; times keep only the ISO part (the relative part depends on when). */
function rowCells([id, name, group, expires, rotates, decision, vaultPath, access, why]: string[]) {
  const iso = (cell = "") => cell.split(" (")[0];
  return { id, name, group, expires: iso(expires), rotates: iso(rotates), decision, vaultPath, access, why };
}

describe("plan --json and the plan table", () => {
  it("carry the same facts in the same order, and hide retired keys unless --all", async () => {
    const redis = isolatedRedis();
    try {
      await run(["rotate", "billing"], { KEYWARDEN_QUEUE_PREFIX: redis.prefix });
    } finally {
      await redis.cleanup();
    }
    const state = mock.vault!.state;
    state.addPolicy(
      "no-crm",
      `path "secret/data/keywarden/*" { capabilities = ["create", "read", "update"] }
       path "secret/metadata/keywarden/*" { capabilities = ["create", "update"] }
       path "secret/data/keywarden/crm" { capabilities = ["read"] }`,
    );
    const token = { VAULT_TOKEN: state.createToken({ policies: ["no-crm"] }).id };

    for (const all of [false, true]) {
      const flags = all ? ["--all"] : [];
      const table = await run(["plan", ...flags], token);
      const document = JSON.parse(await run(["plan", "--json", ...flags], token)) as PlanDocument;

      expect(tableRows(table).map(rowCells)).toEqual(
        document.keys.map((key) => asTableCells(key, document.checkedAt)),
      );
      // billing's successor expires in 14 days (twice the window), after audit (10), before crm (60)
      expect(document.keys.map((key) => key.name)).toEqual(
        all
          ? ["audit", "billing", "crm", expect.stringMatching(/^billing~retired-\d+$/)]
          : ["audit", "billing", "crm"],
      );
      expect(document.keys.find((key) => key.name === "crm")).toMatchObject({
        vaultPath: "secret/data/keywarden/crm",
        vaultAccess: { kind: "denied" },
      });
      expect(document.keys.find((key) => key.name === "audit")?.rotatesAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

      expect(document.vaultToken).toEqual({
        valid: true,
        policies: expect.arrayContaining(["no-crm"]),
        expiresAt: expect.stringMatching(/Z$/),
      });
      expect(table.split("\n")[0]).toBe(
        `Vault token: valid (policies: ${document.vaultToken?.policies.join(", ")}; expires in ${table.match(/expires in (\S+)\)/)?.[1]}).`,
      );
      expect(document.summary).toEqual({ keys: all ? 4 : 3, rotateNow: 0, hiddenRetired: all ? 0 : 1 });
      expect(table).toContain(
        `0 of ${document.summary.keys} keys would be rotated now.${all ? "" : " 1 retired key not listed (--all lists them)."}`,
      );
    }
  });
});
