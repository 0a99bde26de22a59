import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/keywarden-rotator.js", import.meta.url));

describe("bin/keywarden-rotator.js", () => {
  it("runs the CLI from source (no dist): help, and exit code 2 on bad configuration", () => {
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8", timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: keywarden-rotator <command> [options]");
    const bad = spawnSync(process.execPath, [BIN, "plan"], {
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: process.env.PATH, KEYWARDEN_URL: "not a url" },
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("KEYWARDEN_URL must be a URL");
  });

  it("--version prints the package's version", () => {
    const version = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8", timeout: 30_000 });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^keywarden-rotator \d+\.\d+\.\d+/);
  });
});
