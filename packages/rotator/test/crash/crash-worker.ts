/**
 * A rotator worker process for the crash tests, started through the production composition root
 * (`loadConfig` → `startRotatorFromConfig`, what `keywarden-rotator worker` runs: the same SDK, Vault
 * client, HTTP stack and ports), configured by the environment the test passes. Only BullMQ's lock
 * timing is shortened, so a SIGKILLed worker's job is resumed within the test. The tests SIGKILL it
 * mid-step and start another.
 */
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { openRedisConnection } from "../../src/queue/connection.js";
import { startRotatorFromConfig } from "../../src/wiring.js";

const config = loadConfig(process.env);
const connection = openRedisConnection(config);
connection.on("error", () => {});
const logger = createLogger({ level: config.logLevel });
const { runtime } = await startRotatorFromConfig(config, {
  connection,
  logger,
  schedule: false,
  lockTiming: { lockDurationMs: 1_500, stalledIntervalMs: 500 },
});
runtime.rotationWorker.on("error", () => {});
await runtime.rotationWorker.waitUntilReady();
process.stdout.write("ready\n");
const stop = async () => {
  await runtime.stop(5_000);
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
