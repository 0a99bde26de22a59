import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

// Workspace packages resolve to their TypeScript sources, so tests never need a build step.
const alias = {
  // before the package entry: an alias also matches its sub-paths
  "@keywarden/mock-server/vitest": fileURLToPath(
    new URL("./packages/mock-server/src/vitest.ts", import.meta.url),
  ),
  "@keywarden/sdk": pkg("sdk"),
  "@keywarden/mock-server": pkg("mock-server"),
  "@keywarden/rotator": pkg("rotator"),
  "@keywarden/vault": pkg("vault"),
  "@keywarden/rules": pkg("rules"),
};

const projectRoots = [
  "specs",
  "packages/rules",
  "packages/sdk",
  "packages/mock-server",
  "packages/vault",
  "packages/rotator",
  "deploy",
  // the packages as published: packed, checked (publint, attw) and installed in a project of their own
  "scripts",
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: projectRoots.map((root) => ({
      resolve: { alias },
      test: {
        name: root.replace("packages/", ""),
        root,
        include: ["test/**/*.test.ts"],
        // Type tests (*.test-d.ts) run per project, against the project's own tsconfig.json.
        typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
        environment: "node",
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    })),
    // The JSON report feeds the one-line "N passed, N failed" summary that CI reads.
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    typecheck: { enabled: true, include: ["**/test/**/*.test-d.ts"] },
  },
});
