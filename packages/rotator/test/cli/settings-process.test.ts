/**
 * The settings as a real `keywarden-rotator run` process sees them: the health and metrics server
 * binds KEYWARDEN_METRICS_HOST, and what the configuration warns about reaches the operator once,
 * as pino lines, never on stderr.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cliWorld, logLine, records } from "../safety/cli-world.js";
import { freePort } from "../support/free-port.js";

// Any 127.x address is loopback on Linux, so binding 127.0.0.2 shows the host is used, not 0.0.0.0.
const onLinux = process.platform === "linux";

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.status,
    () => "refused",
  );

describe.skipIf(!onLinux)("keywarden-rotator run: settings", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("binds KEYWARDEN_METRICS_HOST and logs each configuration warning once, through pino", async () => {
    const world = await cliWorld(["billing"]);
    cleanups.push(() => world.close());
    const port = await freePort();
    const run = world.start(["run"], {
      KEYWARDEN_METRICS_HOST: "127.0.0.2",
      KEYWARDEN_METRICS_PORT: String(port),
      KEYWARDEN_LOG_LEVEL: "info",
      ROTATE_WITHIN: "7d",
      KEYWARDEN_SCHEDUEL: "0 3 * * *",
    });
    await run.waitForLine(logLine({ event: "started" }), "its start-up line");

    expect(await answers(`http://127.0.0.2:${port}/healthz`)).toBe(200);
    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe("refused");

    const warnings = records(run.lines).filter((line) => String(line.event).startsWith("config."));
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        event: "config.deprecated",
        setting: "ROTATE_WITHIN",
        use: "KEYWARDEN_ROTATE_WITHIN",
      }),
      expect.objectContaining({
        level: 40,
        event: "config.unknown",
        setting: "KEYWARDEN_SCHEDUEL",
        use: "KEYWARDEN_SCHEDULE",
        msg: "KEYWARDEN_SCHEDUEL is not a keywarden-rotator setting and is ignored; did you mean KEYWARDEN_SCHEDULE?",
      }),
    ]);
    expect(await run.stop(5_000)).toBe(0);
    expect(run.errors).toEqual([]);
  }, 40_000);
});
