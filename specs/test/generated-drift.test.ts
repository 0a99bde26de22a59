import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { keywardenSpecPath } from "../tools/openapi-document.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Generator {
  renderAll(): Promise<{ out: string; text: string }[]>;
  render(target: { spec: string }): Promise<string>;
}

// A computed specifier: scripts/generate.mjs is plain JavaScript without type declarations.
const generator = (await import(pathToFileURL(join(root, "scripts/generate.mjs")).href)) as Generator;

/** The first line where two texts differ, to point at the drift; undefined when they are equal. */
function firstDifference(committed: string, rendered: string): string | undefined {
  if (committed === rendered) return undefined;
  const a = committed.split("\n");
  const b = rendered.split("\n");
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, spec gives ${JSON.stringify(b[at])}`;
}

describe("generated types", () => {
  it("match what the specs render to (otherwise: run pnpm generate)", async () => {
    const rendered = await generator.renderAll();
    expect(rendered.map((target) => target.out)).toContain("packages/sdk/src/generated/keywarden.ts");
    for (const { out, text } of rendered) {
      const committed = await readFile(join(root, out), "utf8").catch(() => "");
      const drift = firstDifference(committed, text);
      expect(drift, `${out} is out of date with its spec: run pnpm generate (${drift})`).toBeUndefined();
    }
  });

  it("would be caught drifting: an edited spec renders to different types", async () => {
    const directory = await mkdtemp(join(tmpdir(), "keywarden-drift-"));
    try {
      const edited = (await readFile(keywardenSpecPath, "utf8")).replace(
        "        name:\n          type: string\n          description: The key's name, unique among its owner's keys.",
        "        name:\n          type: integer\n          description: The key's name, unique among its owner's keys.",
      );
      const copy = join(directory, "edited.openapi.yaml");
      await writeFile(copy, edited);
      const [original, changed] = await Promise.all([
        generator.render({ spec: relative(root, keywardenSpecPath) }),
        generator.render({ spec: relative(root, copy) }),
      ]);
      const committed = await readFile(join(root, "packages/sdk/src/generated/keywarden.ts"), "utf8");
      expect(firstDifference(committed, original)).toBeUndefined();
      // The banner names the spec file, so compare past it: the body itself must differ.
      const body = (text: string) => text.slice(text.indexOf("export interface paths"));
      expect(firstDifference(body(committed), body(changed))).toMatch(/name: number/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
