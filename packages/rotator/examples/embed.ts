// The README's API example: the rotator inside a program of your own, as `keywarden-rotator run`
// runs it (the same settings, from the environment), with /metrics, /healthz and /readyz.
//   pnpm mock & redis-server --daemonize yes
//   KEYWARDEN_URL=http://127.0.0.1:4010 KEYWARDEN_USERNAME=admin KEYWARDEN_PASSWORD=admin \
//   VAULT_ADDR=http://127.0.0.1:4010 VAULT_TOKEN=root \
//   node --conditions=source --import tsx packages/rotator/examples/embed.ts
import {
  createLogger,
  loadConfig,
  openRedisConnection,
  startHealthServer,
  startRotatorFromConfig,
} from "@keywarden/rotator";

/** Starts scans and rotations from `env`; `stop` ends them gracefully and closes Redis. */
export async function embedRotator(env: Record<string, string | undefined>) {
  const config = loadConfig(env); // throws ConfigError listing every bad setting
  const connection = openRedisConnection(config);
  const logger = createLogger({ level: config.logLevel });
  const { runtime, metrics } = await startRotatorFromConfig(config, { connection, logger, schedule: true });
  const health = await startHealthServer({
    port: config.metricsPort,
    registry: metrics.registry,
    isReady: () => runtime.isReady(),
  });
  return {
    runtime,
    metricsPort: health.port,
    async stop() {
      const outcome = await runtime.stop(config.shutdownTimeoutMs); // the current step finishes first
      await health.close();
      await connection.quit();
      return outcome;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rotator = await embedRotator(process.env);
  const report = await rotator.runtime.scanNow();
  console.log(`scanned ${report.scanned} keys, ${report.due} due; metrics on :${rotator.metricsPort}`);
  process.once("SIGINT", () => void rotator.stop());
}
