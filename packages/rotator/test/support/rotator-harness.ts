import type { Worker } from "bullmq";
import { openQueues, type RotatorQueues } from "../../src/queue/queues.js";
import { createRotationWorker, type RotationObserver } from "../../src/queue/rotation-worker.js";
import { scanAndEnqueue } from "../../src/queue/scan.js";
import { isolatedRedis } from "./redis.js";
import type { World } from "./world.js";

/** Real Redis queues + rotation workers over a fake world; `close` tears everything down. */
export function rotatorOn(world: World, options: { attempts?: number; observer?: RotationObserver } = {}) {
  const redis = isolatedRedis();
  const queues: RotatorQueues = openQueues({
    connection: redis.connection,
    prefix: redis.prefix,
    jobPolicy: { attempts: options.attempts ?? 4, backoffMs: 5 },
  });
  const workers: Worker[] = [];
  const startWorker = (concurrency = 2) => {
    const worker = createRotationWorker({
      connection: redis.connection,
      prefix: redis.prefix,
      keys: world.keys,
      secrets: world.secrets,
      settings: world.settings,
      canAuthenticateFrom: (allowedIp) => allowedIp.length === 0,
      concurrency,
      now: world.clock.now,
      ...(options.observer ? { observer: options.observer } : {}),
    });
    workers.push(worker);
    return worker;
  };
  return {
    redis,
    queues,
    startWorker,
    scan: () =>
      scanAndEnqueue({
        keys: world.keys,
        queue: queues.rotations,
        settings: world.settings,
        now: world.clock.now,
      }),
    async close() {
      await Promise.all(workers.map((worker) => worker.close(true)));
      await queues.rotations.obliterate({ force: true });
      await queues.close();
      await redis.cleanup();
    },
  };
}
