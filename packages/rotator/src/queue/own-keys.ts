/**
 * The keys rotator processes run with, shared through Redis: each `run`/`worker` process writes its
 * own key's id (and whether it is kept in Vault, at which path) every few seconds, so a rotation
 * run by any process, with any credential, knows it must not retire a key another process still
 * authenticates with (or must store its successor where that process reads it). Ids and paths only.
 */
import type { KeyId, OwnKey, OwnKeyRegistry, RegisteredOwnKey } from "../ports.js";
import type { RedisConnection } from "./connection.js";

interface Entry extends RegisteredOwnKey {
  readonly until: number;
}

/** The registry in Redis under `prefix` (one hash; stale entries are ignored, then pruned). */
export function redisOwnKeyRegistry(
  connection: RedisConnection,
  prefix: string,
  now: () => number = Date.now,
): OwnKeyRegistry & { register(keyId: KeyId, key: RegisteredOwnKey, ttlMs: number): Promise<void> } {
  const hash = `${prefix}:own-keys`;
  return {
    async lookup(keyId) {
      const raw = await connection.hget(hash, keyId);
      if (!raw) return undefined;
      const entry = JSON.parse(raw) as Entry;
      return entry.until > now() ? { kind: entry.kind, path: entry.path } : undefined;
    },
    async register(keyId, key, ttlMs) {
      const entry: Entry = { kind: key.kind, ...(key.path ? { path: key.path } : {}), until: now() + ttlMs };
      await connection.hset(hash, keyId, JSON.stringify(entry));
    },
  };
}

/**
 * Keeps this process's key registered: now, then every `intervalMs` (valid for three intervals).
 * A key that cannot be identified yet is tried again at the next beat.
 */
export function keepOwnKeyRegistered(
  registry: ReturnType<typeof redisOwnKeyRegistry>,
  ownKey: OwnKey,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): { stop(): void } {
  const beat = async () => {
    try {
      const id = await ownKey.currentId();
      if (id !== undefined) {
        await registry.register(id, { kind: ownKey.kind, path: ownKey.path }, options.intervalMs * 3);
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
