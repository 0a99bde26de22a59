#!/usr/bin/env node
// Runs the built CLI when there is one; in the workspace (no dist yet) runs the TypeScript source via tsx.
import { existsSync } from "node:fs";

const built = new URL("../dist/server/cli.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/server/cli.ts", import.meta.url).href);
}
