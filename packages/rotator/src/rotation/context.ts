import type { KeyService, OwnKey, OwnKeyRegistry, SecretStore } from "../ports.js";
import type { KeyClaim } from "./claim.js";
import type { PolicySettings } from "./policy.js";

/** The steps of a rotation, in order. `observe` reads the real state before anything is done. */
export const STEP_NAMES = [
  "observe",
  "create",
  "generate",
  "store",
  "verify",
  "grace",
  "revoke",
  "rename",
] as const;
/** One step of a rotation (see {@link STEP_NAMES} for the order); logs and metrics are labelled with it. */
export type StepName = (typeof STEP_NAMES)[number];

/**
 * What a rotation job carries: ids, an expiry and progress markers, never a secret (BullMQ keeps
 * job data in clear text in Redis). Progress markers are hints: every step re-reads the real state.
 */
export interface RotationTarget {
  /** Id of the key being replaced. */
  readonly keyId: string;
  /** Its name when the rotation was planned: the logical key name and the Vault path's `{name}`. */
  readonly name: string;
  /** Its expiry when planned (epoch ms), part of the job id. */
  readonly expiresAt: number | null;
  /** Id of the successor once created (a hint; the successor is also found by name). */
  readonly successorId?: string | undefined;
  /** When the successor's secret was verified in Vault (epoch ms); the grace period counts from here. */
  readonly verifiedAt?: number | undefined;
  /** The Vault version that verification saw: `verifiedAt` counts only while Vault still holds it. */
  readonly verifiedVersion?: number | undefined;
  /** The step the rotation had reached at its last checkpoint (after create, after verify), for `status`. */
  readonly step?: StepName | undefined;
  /**
   * The public id of key `keyId` (`key_…`, safe to log), once known: a run fills it in from the key
   * it observes, so that its step events name the key by it too.
   */
  readonly publicKeyId?: string | undefined;
}

/** One finished (or failed) step, for logs and metrics. Carries ids only. */
export interface StepEvent {
  readonly step: StepName;
  readonly keyId: string;
  /** The public id of `keyId`, when the service has public ids and the run has observed the key. */
  readonly publicKeyId?: string;
  readonly name: string;
  readonly durationMs: number;
  readonly outcome: "done" | "skipped" | "failed";
  readonly detail?: string;
}

/** Everything a rotation needs from the outside world. */
export interface RotationContext {
  readonly keys: KeyService;
  readonly secrets: SecretStore;
  readonly settings: PolicySettings;
  /**
   * This run's claim on the logical key, acquired by the caller before `rotateKey` (see `claim.ts`).
   * Every mutation renews it first; the caller releases it when the run ends (a crash leaves it to
   * expire).
   */
  readonly claim: KeyClaim;
  /** Current time, epoch ms. */
  readonly now: () => number;
  /**
   * Whether the rotator can present a key with this `allowedIp` to the API (its own address is
   * inside the list, or the list is empty). When it cannot, verification is by Vault read-back only.
   */
  readonly canAuthenticateFrom: (allowedIp: readonly string[]) => boolean;
  /** Persists progress (ids, step name, times) so a resumed job knows where it was. */
  readonly checkpoint: (progress: Partial<RotationTarget>) => Promise<void>;
  /**
   * Called once Vault's current version holds the successor's verified secret (apps may reload
   * now), before the grace period and the revoke. Must not throw, nor wait: it hands over only.
   */
  readonly onVerified?: (verified: Verified) => void;
  /** Called after each step, for one log line and the step-duration metric. */
  readonly onStep?: (event: StepEvent) => void;
  /** Rotate even when the key is not due (the `rotate <key>` command). */
  readonly force?: boolean;
  /** The rotator's own API key, when it uses one (see `own-key.ts`). */
  readonly ownKey?: OwnKey;
  /** The keys other rotator processes run with (see `own-key.ts`). */
  readonly ownKeys?: OwnKeyRegistry;
  /** Aborted on shutdown: the rotation stops at the next step boundary. */
  readonly signal?: AbortSignal;
}

/** The successor's secret, verified as Vault's current version. */
export interface Verified {
  readonly successorId: string;
  readonly vaultPath: string;
  readonly vaultVersion: number;
  readonly verifiedBy: "api" | "read-back";
  /** When it was first verified (the recorded time on a resumed run), epoch ms. */
  readonly verifiedAt: number;
}

/**
 * How a rotation run ended. The public ids (old key, successor) are there for the log line that
 * ends the run; they are absent where the service has none.
 */
export type RotationOutcome = (
  | {
      readonly kind: "rotated";
      readonly successorId: string;
      readonly successorPublicKeyId?: string;
      readonly vaultPath: string;
      readonly vaultVersion: number;
      readonly verifiedBy: "api" | "read-back";
    }
  | {
      readonly kind: "waiting";
      readonly until: number;
      readonly successorId: string;
      readonly successorPublicKeyId?: string;
    }
  | { readonly kind: "not-due"; readonly reason: string }
  | { readonly kind: "nothing-to-do"; readonly reason: string }
) & { readonly publicKeyId?: string };

/** Thrown at a step boundary when the context's signal is aborted (shutdown); not a failure. */
export class RotationInterruptedError extends Error {
  constructor(readonly step: StepName) {
    super(`Rotation interrupted before step "${step}" (shutting down)`);
    this.name = "RotationInterruptedError";
  }
}
