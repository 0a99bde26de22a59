#!/usr/bin/env node
// Runs the built CLI when there is one. In the workspace (no dist yet) it runs the TypeScript source
// through tsx in a child process, with the `source` export condition so workspace packages
// (@keywarden/rules) resolve to their sources; signals are passed on so the server still stops cleanly.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/server/cli.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL("../src/server/cli.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", import.meta.resolve("tsx"), source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 143)));
}
