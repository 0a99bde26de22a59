// The README's quick start, runnable as is against the standalone mock's Vault emulation:
//   pnpm mock                      (Vault on http://127.0.0.1:4010/v1, root token "root")
//   node --conditions=source --import tsx packages/vault/examples/quick-start.ts
import { createVaultClient, VaultCasMismatchError } from "@keywarden/vault";

/** Writes a secret with check-and-set, reads it back, labels it, and shows a lost CAS race. */
export async function quickStart(address: string, log: (line: string) => void = console.log): Promise<void> {
  const vault = createVaultClient({ address, token: "root" }); // or appRole: { roleId, secretId }
  const path = `examples/billing-${Date.now()}`;

  // Read, decide, write with cas; on a lost race it reads again and decides again.
  const outcome = await vault.writeWithCas(path, ({ secret }) => ({ ...secret?.data, api_key: "k-1" }));
  log(`wrote secret/${path}: ${outcome.status}, version ${outcome.version}`);

  const secret = await vault.kv.read<{ api_key: string }>(path);
  log(`read back version ${secret.metadata.version}: api_key=${secret.data.api_key}`);

  await vault.kv.writeMetadata(path, { custom_metadata: { owner: "billing" } });
  log(`labelled: owner=${(await vault.kv.readMetadata(path)).custom_metadata?.owner}`);

  // A writer still holding version 0 loses: Vault refuses the write, nothing is overwritten.
  const stale = await vault.kv.write(path, { api_key: "k-stale" }, { cas: 0 }).catch((error) => error);
  log(`a stale write is refused: ${stale instanceof VaultCasMismatchError}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await quickStart(process.env.VAULT_ADDR ?? "http://127.0.0.1:4010");
}
