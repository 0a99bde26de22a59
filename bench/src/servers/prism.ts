import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const specPath = fileURLToPath(new URL("../../../specs/keywarden.openapi.yaml", import.meta.url));
const prismBin = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts Prism mocking the same spec, the alternative a user would reach for, and waits until it answers. */
export async function startPrism(): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    prismBin,
    ["mock", "--host", "127.0.0.1", "--port", String(port), "--errors", "false", specPath],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited (${child.exitCode}): ${stderr.slice(-500)}`);
    try {
      await fetch(`${url}/api/api-keys/1`, { headers: { authorization: "Bearer x" } });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
