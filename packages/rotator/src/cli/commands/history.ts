import { formatDuration } from "../../duration.js";
import { buildHistory } from "../../history/history.js";
import { rotationJobsOf } from "../../history/jobs.js";
import { logicalNameOf, vaultPathFor } from "../../rotation/naming.js";
import { policyFor } from "../../rotation/policy.js";
import type { CommandContext } from "../context.js";
import { CommandFailure } from "../output.js";
import { formatTable } from "../table.js";

/**
 * `history <key>`: the key's rotations over time, from Vault's versions, the job records Redis
 * still keeps and the key service, by the key's name or the id of any key in its history.
 */
export async function historyCommand(ctx: CommandContext, keyRef: string): Promise<number> {
  const services = ctx.services();
  const byId = /^\d+$/.test(keyRef) ? await services.keys.getKey(keyRef) : undefined;
  const name = logicalNameOf(byId?.name ?? keyRef);
  const vaultPath = vaultPathFor(policyFor(name, services.settings).pathTemplate, name);
  const [versions, jobs, current] = await Promise.all([
    services.vaultHistory ? services.vaultHistory(vaultPath) : Promise.resolve([]),
    ctx.queues().then((queues) => rotationJobsOf(queues.rotations, name)),
    services.keys.findKeyByName(name),
  ]);
  if (!current && versions.length === 0 && jobs.length === 0) {
    throw new CommandFailure("not-found", `No key, Vault secret or rotation record for "${keyRef}".`, {
      key: keyRef,
    });
  }
  const rotations = buildHistory(versions, jobs);
  const document = {
    key: name,
    keyId: current?.id ?? null,
    vaultPath,
    vaultVersions: versions.length,
    rotations,
  };
  if (ctx.json) {
    ctx.out(JSON.stringify(document, null, 2));
    return 0;
  }
  ctx.out(
    `${name}: key ${current?.id ?? "(none under this name)"}, ${versions.length} Vault version(s) at ${vaultPath}, ${rotations.length} rotation(s)`,
  );
  if (rotations.length === 0) return 0;
  ctx.out(
    formatTable(
      ["when", "old → new", "Vault version", "verified", "took", "started by", "outcome"],
      rotations.map((entry) => [
        entry.at,
        `${entry.oldKeyId ?? "?"} → ${entry.newKeyId ?? "-"}`,
        entry.vaultVersion === null ? "-" : String(entry.vaultVersion),
        entry.verifiedBy ?? "?",
        entry.durationMs === null ? "?" : formatDuration(entry.durationMs),
        entry.startedBy ?? "?",
        entry.reason ? `${entry.outcome}: ${entry.reason}` : entry.outcome,
      ]),
    ),
  );
  ctx.out("\n? = no job record left (completed jobs are kept a day, failed ones 30 days).");
  return 0;
}
