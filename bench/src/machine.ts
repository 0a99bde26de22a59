import { readFileSync } from "node:fs";
import os from "node:os";

const packageVersion = (name: string): string => {
  try {
    const url = import.meta.resolve(`${name}/package.json`);
    return JSON.parse(readFileSync(new URL(url), "utf8")).version as string;
  } catch {
    return "unknown";
  }
};

/** What a reader needs to compare one run with another: the machine, Node and the libraries measured. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    packages: Object.fromEntries(
      ["msw", "openapi-fetch", "bullmq", "ioredis", "autocannon", "@stoplight/prism-cli", "esbuild"].map(
        (name) => [name, packageVersion(name)],
      ),
    ),
  };
}
