import { planKey } from "../../rotation/plan.js";
import type { CommandContext } from "../context.js";
import { formatPlan } from "../plan-table.js";

/** `plan`: lists every key with what would happen to it. Reads only; changes nothing. */
export async function planCommand(ctx: CommandContext, options: { json: boolean }): Promise<number> {
  const { keys, settings } = ctx.services();
  const now = Date.now();
  const entries = [];
  for await (const key of keys.listKeys()) entries.push(planKey(key, now, settings));
  if (options.json) {
    ctx.out(
      JSON.stringify(
        entries.map(({ key, decision, reason, rotateAt, vaultPath }) => ({
          id: key.id,
          name: key.name,
          expiresAt: key.expiresAt,
          decision,
          reason,
          rotateAt,
          vaultPath,
        })),
        null,
        2,
      ),
    );
  } else {
    ctx.out(formatPlan(entries, now, ctx.config.vault.kvMount));
  }
  return 0;
}
