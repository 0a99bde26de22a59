/**
 * A wrong Vault token, with the real CLI: `rotate <key>` fails before anything is created, so no
 * successor is left behind and the old key keeps working.
 */
import { describe, expect, it } from "vitest";
import { closedAfterEach } from "../support/closed-after-each.js";
import { cliWorld, expectOneWorkingKey } from "./cli-world.js";

describe("safety: rotate <key> with a Vault token Vault does not know", () => {
  const openWorld = closedAfterEach(cliWorld);

  it("fails saying Vault rejected the token, and leaves no orphan", async () => {
    const world = await openWorld(["billing"]);
    const rotate = await world.run(["rotate", "billing"], { VAULT_TOKEN: "wrong" });

    expect(rotate.code, rotate.stderr).toBe(1);
    const failed = rotate.errors.find((line) => line.startsWith("Failed: "));
    expect(failed).toContain("Vault rejected the token");
    expect(rotate.stderr).toMatch(/"event":"rotation\.needs-attention"/);
    // stdout is the result only: the progress line, no log record, no error.
    expect(rotate.lines).toEqual([expect.stringMatching(/^Rotating "billing" \(key \d+\) as job /)]);

    // Vault refused the token at its first request (the client's token lookup), and nothing was
    // written to Vault; the rotation stopped before create.
    const vaultAnswers = world.answered.filter((entry) => entry.route.startsWith("/v1/"));
    expect(vaultAnswers.length).toBeGreaterThanOrEqual(1);
    expect(vaultAnswers.filter((entry) => entry.status !== 403)).toEqual([]);
    expect(world.count("POST", "/api/api-keys")).toBe(0);
    expect(world.count("POST", "/api/api-keys/{id}/generate")).toBe(0);
    expect(
      world.answered.filter((entry) => entry.route.startsWith("/v1/secret/") && entry.method !== "GET"),
    ).toEqual([]);
    await expectOneWorkingKey(world, "billing", { rotated: false });
    expect(await world.sdk.apiKeys.verify(world.secrets.get("billing") as string)).toBe(true);
  }, 30_000);
});
