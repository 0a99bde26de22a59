import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  API_KEY_STATUSES,
  OPERATOR_OPERANDS,
  OPERATORS,
  SCHEMA_CONSTRAINTS,
} from "../../packages/rules/src/index.js";
import { keywardenSpecPath, loadOpenApiDocument } from "../tools/openapi-document.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Generator {
  rulesTarget: { spec: string; out: string };
  renderRulesOf(target: { spec: string }): Promise<string>;
}

// A computed specifier: scripts/generate.mjs is plain JavaScript without type declarations.
const generator = (await import(pathToFileURL(join(root, "scripts/generate.mjs")).href)) as Generator;

/** Renders the rules of the spec after `edit`, from a copy in a temporary directory. */
async function renderEdited(edit: (spec: string) => string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "keywarden-rules-drift-"));
  try {
    const copy = join(directory, "edited.openapi.yaml");
    await writeFile(copy, edit(await readFile(keywardenSpecPath, "utf8")));
    return await generator.renderRulesOf({ spec: relative(root, copy) });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe("generated rules (packages/rules/src/generated/spec-rules.ts)", () => {
  it("match what the spec renders to (otherwise: run pnpm generate)", async () => {
    const committed = await readFile(join(root, generator.rulesTarget.out), "utf8");
    const rendered = await generator.renderRulesOf(generator.rulesTarget);
    expect(committed, "the spec's rules changed: run pnpm generate").toBe(rendered);
  });

  it("are the spec's own values", () => {
    const schemas = (loadOpenApiDocument().components as { schemas: Record<string, Record<string, unknown>> })
      .schemas;
    expect([...OPERATORS]).toEqual(schemas.Operator?.enum);
    expect([...API_KEY_STATUSES]).toEqual(schemas.ApiKeyStatus?.enum);
    expect(SCHEMA_CONSTRAINTS.ApiKeyUpsert.name).toEqual({ minLength: 2, maxLength: 200 });
    expect(OPERATOR_OPERANDS.IS_BETWEEN).toEqual({ field: true, value: "pair" });
    expect(OPERATOR_OPERANDS.IS_IN_FIELDS).toEqual({ field: false, value: "scalar" });
    expect(OPERATOR_OPERANDS.EXIST).toEqual({ field: true, value: "none" });
  });

  it("would be caught drifting: an edited spec renders to different rules", async () => {
    const longerNames = await renderEdited((spec) =>
      spec.replace("minLength: 2\n          maxLength: 200", "minLength: 2\n          maxLength: 250"),
    );
    expect(longerNames).toContain("name: { minLength: 2, maxLength: 250 }");
    const newOperator = await renderEdited((spec) =>
      spec
        .replace(
          "        - IS_LESS_THAN_OR_EQUALS\n",
          "        - IS_LESS_THAN_OR_EQUALS\n        - IS_LESS_THAN\n",
        )
        .replace(
          "IS_GREATER_THAN,\n                IS_LESS_THAN_OR_EQUALS,",
          "IS_GREATER_THAN,\n                IS_LESS_THAN_OR_EQUALS,\n                IS_LESS_THAN,",
        ),
    );
    expect(newOperator).toContain('  "IS_LESS_THAN",\n] as const;');
    expect(newOperator).toContain('IS_LESS_THAN: { field: true, value: "scalar" }');
  });

  it("refuse a spec whose FilterType does not say what an operator needs", async () => {
    await expect(
      renderEdited((spec) =>
        spec.replace(
          "        - IS_LESS_THAN_OR_EQUALS\n",
          "        - IS_LESS_THAN_OR_EQUALS\n        - IS_LESS_THAN\n",
        ),
      ),
    ).rejects.toThrow(/does not cover IS_LESS_THAN/);
  });
});
