import { toVaultError, VaultConnectionError } from "@keywarden/vault";
import { describe, expect, it } from "vitest";
import { toStoreError } from "../../src/adapters/vault-store.js";
import { CasMismatchError, PermanentError, TransientError } from "../../src/port-errors.js";

const info = { method: "POST", path: "/v1/secret/data/keywarden/billing" };
const answer = (status: number, errors: string[] = []) => toVaultError(status, { errors }, info, true);

describe("Vault failures as the rotation sees them", () => {
  it("sealed, standby, 5xx and no answer are transient (retried with backoff)", () => {
    const failures = [
      answer(503),
      answer(429),
      answer(473),
      answer(500),
      new VaultConnectionError(info, new Error("connect ECONNREFUSED")),
    ];
    for (const failure of failures) {
      const error = toStoreError("write", failure);
      expect(error).toBeInstanceOf(TransientError);
      expect(error).not.toBeInstanceOf(CasMismatchError);
      expect(error.message).toMatch(/^write: /);
    }
  });

  it("a CAS mismatch means read again; a 403 and other 4xx need a human", () => {
    const mismatch = answer(400, ["check-and-set parameter did not match the current version"]);
    expect(toStoreError("write", mismatch)).toBeInstanceOf(CasMismatchError);
    const denied = toStoreError("write", answer(403, ["1 error occurred:\n\t* permission denied\n\n"]));
    expect(denied).toBeInstanceOf(PermanentError);
    expect(denied.message).toBe("write: Vault denied it (denied); check the token's policy");
    expect(toStoreError("write", answer(400, ["bad"]))).toBeInstanceOf(PermanentError);
  });

  it("an error from outside the Vault client is treated as transient, its message kept", () => {
    const error = toStoreError("read", new Error("socket hang up"));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe("read: socket hang up");
  });
});
