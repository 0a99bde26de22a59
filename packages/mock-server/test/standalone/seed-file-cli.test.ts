/**
 * `keywarden-mock --seed <file>` as the README shows it: the seed file's users exist (its keys are
 * owned by them), `--user` adds to them, and the banner shows who may log in; `--version` answers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MOCK_BIN, type MockBin, startMockBin } from "../support/mock-bin.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
let mock: MockBin;
let output = "";

beforeAll(async () => {
  // The README's seed file, as it is written there.
  const json = /Seed file \(`--seed`[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  if (json === undefined) throw new Error("the README has no seed file example");
  const seedFile = join(mkdtempSync(join(tmpdir(), "kw-seed-")), "seed.json");
  writeFileSync(seedFile, json);
  mock = await startMockBin(["--port", "0", "--seed", seedFile, "--user", "ci:s3cret:api.key.view"]);
  output = mock.output();
});
afterAll(() => mock.stop());

describe("keywarden-mock --seed", () => {
  it("creates the seed file's users beside --user, and the banner names them", async () => {
    expect(output).toContain("user:    ops (api.key.view; password as given)");
    expect(output).toContain("user:    ci (api.key.view; password as given)");
    expect(output).not.toContain('"username":"admin"');
    const url = /listening on (http:\/\/[^ ]+)/.exec(output)?.[1];
    const login = await fetch(`${url}/api/authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ops", password: "ops-password" }),
    });
    expect(login.status).toBe(200);
    const { id_token } = (await login.json()) as { id_token: string };
    const keys = (await (
      await fetch(`${url}/api/api-keys`, { headers: { authorization: `Bearer ${id_token}` } })
    ).json()) as { name: string }[];
    expect(keys.map((key) => key.name).sort()).toEqual(["monitoring", "old"]);
  });

  it("--version prints the package's version", () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(execFileSync(process.execPath, [MOCK_BIN, "--version"], { encoding: "utf8" }).trim()).toBe(
      version,
    );
  });
});
