import { PermanentError } from "../port-errors.js";
import { claimedContext } from "./claim.js";
import type { RotationContext, RotationTarget } from "./context.js";
import { successorName, vaultPathFor } from "./naming.js";
import { describeObservedState } from "./observed-state.js";
import { policyFor } from "./policy.js";
import { findSuccessor } from "./steps.js";

/**
 * Cleans up after a rotation that cannot finish (it is about to be marked `needs-attention`): a
 * successor whose secret Vault's current version does not hold (apps cannot be reading it) is deleted, so no orphan key is left behind and the old
 * key stays the one live key. A successor Vault already points at is kept — apps may be using it.
 *
 * @returns a sentence for the log and `status`: what the clean-up did, then the state it observed
 *   afterwards (old key, successor, Vault; see `describeObservedState`).
 */
export async function abandonRotation(unclaimed: RotationContext, target: RotationTarget): Promise<string> {
  const ctx = await claimedContext(unclaimed);
  const path = vaultPathFor(policyFor(target.name, ctx.settings).pathTemplate, target.name);
  const done = await cleanUp(ctx, target, path);
  return `${done}. Observed now: ${await describeObservedState(ctx, target, path)}`;
}

async function cleanUp(ctx: RotationContext, target: RotationTarget, path: string): Promise<string> {
  const old = await ctx.keys.getKey(target.keyId);
  if (old?.status !== "active") return "old key no longer live: nothing rolled back";
  const successor = await findSuccessor(ctx, target);
  if (!successor || successor.name !== successorName(target.name)) return "no successor to clean up";
  // Resumed from the successor itself (its original key is gone): it is the only key left.
  if (successor.id === target.keyId) return `successor ${successor.id} kept: it is the only key left`;
  let stored: Awaited<ReturnType<typeof ctx.secrets.read>>;
  try {
    stored = await ctx.secrets.read(path);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return `successor ${successor.id} kept: Vault cannot be read to tell whether apps use it (${error.reason})`;
  }
  if (stored?.data.key_id === successor.id) {
    return `successor ${successor.id} kept: Vault already holds its secret (both keys are live)`;
  }
  await ctx.keys.deleteKey(successor.id);
  return `successor ${successor.id} deleted: Vault's current version at ${path} does not hold its secret`;
}
