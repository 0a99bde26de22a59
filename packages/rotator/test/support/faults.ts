import { PermanentError, RateLimitedError, TransientError } from "../../src/port-errors.js";

/** A process crash, simulated: the harness catches it and "restarts" the rotation. */
export class SimulatedCrash extends Error {
  constructor(readonly op: string) {
    super(`simulated crash around ${op}`);
    this.name = "SimulatedCrash";
  }
}

export type FaultKind = "crash" | "transient" | "rate-limited" | "permanent";

/** One fault: at the n-th port call (0-based, counted over both fakes), before or after its effect. */
export interface Fault {
  readonly at: number;
  /** `after` = the effect happened but the caller never hears of it (response lost). */
  readonly when: "before" | "after";
  readonly kind: FaultKind;
}

/**
 * Counts every port call across the fakes and throws the scripted faults. `onEffect` runs after
 * each call that changed state, so tests can check the safety invariants after every operation.
 */
export class FaultScript {
  calls = 0;
  readonly log: string[] = [];
  onEffect: (() => void) | undefined;
  /** Optional delay before an operation takes effect (to hold a rotation inside a step). */
  latency: ((op: string) => number) | undefined;
  /**
   * Awaited before each operation takes effect: the model test's scheduler interleaves actors here.
   * "timed-out" drops the operation unseen by the service, as a request whose deadline passed while
   * it was on its way (the caller gets a transient error).
   */
  gate: ((op: string) => Promise<"go" | "timed-out">) | undefined;
  /**
   * Awaited after the effect, before the caller hears of it: the answer's way back, where a caller
   * can stall (a long pause) with no deadline to stop it.
   */
  replyGate: ((op: string) => Promise<void>) | undefined;

  constructor(private faults: readonly Fault[] = []) {}

  /** Replaces the faults still to come (e.g. none, for a final clean run). */
  setFaults(faults: readonly Fault[]): void {
    this.faults = faults;
  }

  async call<T>(op: string, effect: () => T): Promise<T> {
    const index = this.calls++;
    this.log.push(op);
    if (this.gate && (await this.gate(op)) === "timed-out") {
      throw new TransientError(`deadline exceeded on ${op}`);
    }
    this.raise(index, "before", op);
    const pause = this.latency?.(op) ?? 0;
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    const result = effect();
    this.onEffect?.();
    if (this.replyGate) await this.replyGate(op);
    this.raise(index, "after", op);
    return result;
  }

  private raise(index: number, when: "before" | "after", op: string): void {
    const fault = this.faults.find((candidate) => candidate.at === index && candidate.when === when);
    if (!fault) return;
    switch (fault.kind) {
      case "crash":
        throw new SimulatedCrash(op);
      case "transient":
        throw new TransientError(`injected 503 on ${op}`);
      case "rate-limited":
        throw new RateLimitedError(`injected 429 on ${op}`, 50);
      case "permanent":
        throw new PermanentError(`injected 403 on ${op}`);
    }
  }
}
