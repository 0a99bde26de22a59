import { ConflictError, KeywardenValidationError, ServerError } from "@keywarden/sdk";
import { describe, expect, it } from "vitest";
import { toPortError } from "../../src/adapters/key-service-errors.js";
import { PermanentError, TransientError } from "../../src/port-errors.js";

describe("key service failures as the rotation sees them", () => {
  it("input the SDK refused before sending and 4xx answers need a human", () => {
    const refused = toPortError(
      "create",
      new KeywardenValidationError("create", [{ field: "name", message: "empty" }]),
    );
    expect(refused).toBeInstanceOf(PermanentError);
    const limit = toPortError(
      "create",
      new ConflictError("409", { status: 409, reason: "Key limit reached" }),
    );
    expect(limit).toBeInstanceOf(PermanentError);
    expect(limit.message).toBe("create: 409 Key limit reached");
  });

  it("5xx answers are retried", () => {
    expect(toPortError("get", new ServerError("boom", { status: 502 }))).toBeInstanceOf(TransientError);
  });

  it("an error from outside the SDK is retried, its message kept", () => {
    const error = toPortError("list", new Error("socket hang up"));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe("list: socket hang up");
  });
});
