import type { KeyLease } from "../../src/ports.js";
import { FaultScript } from "./faults.js";

/**
 * The Redis lease's semantics in memory, on the world's clock: a claim expires `ttlMs` after it was
 * taken or renewed. Calls go through the fault script, so the model test can interleave, delay and
 * crash around them like any other call.
 */
export class MemoryLease implements KeyLease {
  readonly holders = new Map<string, { holder: string; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly faults: FaultScript = new FaultScript(),
  ) {}

  acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.faults.call("lease.acquire", () => {
      const current = this.current(name);
      if (current && current.holder !== holder) return false;
      this.holders.set(name, { holder, expiresAt: this.now() + ttlMs });
      return true;
    });
  }

  renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.faults.call("lease.renew", () => {
      if (this.current(name)?.holder !== holder) return false;
      this.holders.set(name, { holder, expiresAt: this.now() + ttlMs });
      return true;
    });
  }

  release(name: string, holder: string): Promise<void> {
    return this.faults.call("lease.release", () => {
      if (this.current(name)?.holder === holder) this.holders.delete(name);
    });
  }

  private current(name: string) {
    const claim = this.holders.get(name);
    return claim && claim.expiresAt > this.now() ? claim : undefined;
  }
}
