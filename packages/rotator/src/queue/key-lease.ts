import type { KeyLease } from "../ports.js";
import type { RedisConnection } from "./connection.js";

// Each script touches one key, so it runs on any Redis and on any Cluster node holding the slot.
// Taking and renewing share a script: a run takes its claim again at every resume.
const TAKE_OR_KEEP = `
local holder = redis.call("GET", KEYS[1])
if holder == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
if holder then return 0 end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1`;

const KEEP = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end
return 0`;

const GIVE_UP = `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

/**
 * The claims of logical keys, in Redis next to the queues: one string per claimed key,
 * `<prefix>:lease:<name>`, holding the holder's id and expiring on its own (a crashed holder's claim
 * lapses after its lease). The prefix is the queue prefix, so on a Cluster the keys share the
 * queues' hash tag. Holds ids only, never a secret.
 */
export function createRedisKeyLease(connection: RedisConnection, prefix: string): KeyLease {
  const keyOf = (name: string) => `${prefix}:lease:${name}`;
  const run = async (script: string, name: string, ...args: (string | number)[]) =>
    Number(await connection.eval(script, 1, keyOf(name), ...args));
  return {
    acquire: async (name, holder, ttlMs) => (await run(TAKE_OR_KEEP, name, holder, ttlMs)) === 1,
    renew: async (name, holder, ttlMs) => (await run(KEEP, name, holder, ttlMs)) === 1,
    release: async (name, holder) => {
      await run(GIVE_UP, name, holder);
    },
  };
}
