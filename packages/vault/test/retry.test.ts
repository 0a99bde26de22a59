import { describe, expect, it } from "vitest";
import { VaultCasConflictError, VaultConnectionError } from "../src/errors.js";
import { isRetryable } from "../src/retry.js";
import { toVaultError } from "../src/transport.js";

const info = { method: "GET", path: "/v1/secret/data/app" };
const answer = (status: number, errors: string[] = []) => toVaultError(status, { errors }, info, true);

describe("which failed idempotent Vault calls are sent again", () => {
  it("retries no answer at all, any 5xx, a sealed node (503) and a standby (429, 472, 473)", () => {
    expect(isRetryable(new VaultConnectionError(info, new Error("connect ECONNREFUSED")))).toBe(true);
    for (const status of [500, 502, 503, 504, 429, 472, 473]) expect(isRetryable(answer(status))).toBe(true);
  });

  it("never retries the caller's mistake (4xx, CAS mismatch, CAS given up) nor an error that is not Vault's", () => {
    for (const status of [400, 403, 404, 405, 413]) expect(isRetryable(answer(status))).toBe(false);
    const mismatch = answer(400, ["check-and-set parameter did not match the current version"]);
    expect(mismatch.name).toBe("VaultCasMismatchError");
    expect(isRetryable(mismatch)).toBe(false);
    expect(isRetryable(new VaultCasConflictError(info, 5))).toBe(false);
    expect(isRetryable(new Error("boom"))).toBe(false);
  });
});
