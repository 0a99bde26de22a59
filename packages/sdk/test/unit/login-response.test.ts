import { describe, expect, it } from "vitest";
import { readLoginResponse } from "../../src/auth/login-response.js";

describe("login response", () => {
  it("reads the documented shape's id_token", () => {
    expect(readLoginResponse({ authenticated: true, id_token: "jwt" })).toEqual({
      token: "jwt",
      needsSecondFactor: false,
    });
  });

  it("reads UTMStack v11's token, and knows when it is only a pre-verification token", () => {
    const v11 = { success: true, tfaConfigured: false, method: null, token: "jwt", tfaExpiresInSeconds: 0 };
    expect(readLoginResponse({ ...v11, forceTfa: false })).toEqual({
      token: "jwt",
      needsSecondFactor: false,
    });
    expect(readLoginResponse({ ...v11, forceTfa: true })).toEqual({ token: "jwt", needsSecondFactor: true });
  });

  it("finds no token in an empty or foreign body", () => {
    expect(readLoginResponse(undefined).token).toBeUndefined();
    expect(readLoginResponse({ id_token: "" }).token).toBeUndefined();
    expect(readLoginResponse("text").token).toBeUndefined();
  });
});
