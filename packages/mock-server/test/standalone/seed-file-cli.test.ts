/**
 * `keywarden-mock --seed <file>` as the README shows it: the seed file's users exist (its keys are
 * owned by them), `--user` adds to them, and the banner shows who may log in; `--version` answers.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/keywarden-mock.js", import.meta.url));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
let child: ChildProcess;
let output = "";

beforeAll(async () => {
  // The README's seed file, as it is written there.
  const json = /Seed file \(`--seed`[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  if (json === undefined) throw new Error("the README has no seed file example");
  const seedFile = join(mkdtempSync(join(tmpdir(), "kw-seed-")), "seed.json");
  writeFileSync(seedFile, json);
  child = spawn(
    process.execPath,
    [bin, "--port", "0", "--seed", seedFile, "--user", "ci:s3cret:api.key.view"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${output}`)), 15_000);
    child.once("exit", () => reject(new Error(`the mock exited:\n${output}`)));
    const check = setInterval(() => {
      if (/vault: +http/.test(output)) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
});

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const late = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(late);
});

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
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).trim()).toBe(version);
  });
});
