import { describe, expect, it } from "vitest";
import {
  VaultBadRequestError,
  VaultCasMismatchError,
  VaultForbiddenError,
  VaultNotFoundError,
  VaultSealedError,
  VaultServerError,
  VaultStandbyError,
} from "../src/index.js";
import { serializeVaultPath, toVaultError } from "../src/transport.js";

const info = { method: "GET", path: "/v1/secret/data/app" };

describe("transport helpers", () => {
  it("keeps / between KV path segments, encodes the rest, and never emits //", () => {
    const template = "/{kv_v2_mount_path}/data/{path}";
    expect(serializeVaultPath(template, { kv_v2_mount_path: "secret", path: "keywarden/a b?c" })).toBe(
      "/secret/data/keywarden/a%20b%3Fc",
    );
    expect(
      serializeVaultPath("/{kv_v2_mount_path}/metadata/{path}/", { kv_v2_mount_path: "secret", path: "" }),
    ).toBe("/secret/metadata/");
    expect(
      serializeVaultPath("/{kv_v2_mount_path}/metadata/{path}/", {
        kv_v2_mount_path: "secret",
        path: "dir/",
      }),
    ).toBe("/secret/metadata/dir/");
  });

  it("maps each status and body variant to its error class", () => {
    const cases: [number, unknown, new (...args: never[]) => Error][] = [
      [404, { errors: [] }, VaultNotFoundError],
      [403, { errors: ["1 error occurred:\n\t* permission denied\n\n"] }, VaultForbiddenError],
      [400, { errors: ["check-and-set parameter did not match the current version"] }, VaultCasMismatchError],
      [400, { errors: ["no data provided"] }, VaultBadRequestError],
      [
        415,
        { errors: ["PATCH requires Content-Type of application/merge-patch+json, provided text/plain"] },
        VaultBadRequestError,
      ],
      [503, { errors: ["Vault is sealed"] }, VaultSealedError],
      [503, "", VaultSealedError],
      [429, { errors: [] }, VaultStandbyError],
      [473, { errors: [] }, VaultStandbyError],
      [500, { errors: ["internal error"] }, VaultServerError],
    ];
    for (const [status, body, type] of cases)
      expect(toVaultError(status, body, info, true)).toBeInstanceOf(type);
  });

  it("reads the version state out of a 404 envelope, nested (read) or flat (patch)", () => {
    const meta = {
      created_time: "t",
      custom_metadata: null,
      deletion_time: "d",
      destroyed: false,
      version: 3,
    };
    const nested = toVaultError(
      404,
      { data: { data: null, metadata: meta } },
      info,
      true,
    ) as VaultNotFoundError;
    const flat = toVaultError(404, { data: meta }, info, true) as VaultNotFoundError;
    for (const error of [nested, flat]) {
      expect([error.deleted, error.destroyed, error.version?.version]).toEqual([true, false, 3]);
    }
    const destroyed = toVaultError(
      404,
      { data: { data: null, metadata: { ...meta, deletion_time: "", destroyed: true } } },
      info,
      true,
    );
    expect((destroyed as VaultNotFoundError).destroyed).toBe(true);
  });

  it("tells the three 403 causes apart", () => {
    const reason = (errors: string[], tokenSent = true) =>
      (toVaultError(403, { errors }, info, tokenSent) as VaultForbiddenError).reason;
    expect(reason(["permission denied"], false)).toBe("missing-token");
    expect(reason(["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"])).toBe(
      "invalid-token",
    );
    expect(reason(["permission denied"])).toBe("invalid-token"); // Vault before 1.17
    expect(reason(["1 error occurred:\n\t* permission denied\n\n"])).toBe("denied");
  });
});
