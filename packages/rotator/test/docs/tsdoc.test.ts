import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { undocumentedExports } from "../../../vault/test/support/tsdoc.js";

describe("TSDoc", () => {
  it("every declaration the rotator exports has a TSDoc comment", () => {
    expect(undocumentedExports(fileURLToPath(new URL("../../src", import.meta.url)))).toEqual([]);
  });
});
