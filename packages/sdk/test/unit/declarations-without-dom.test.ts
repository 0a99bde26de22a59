import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const sdkDir = fileURLToPath(new URL("../..", import.meta.url));
const entry = join(sdkDir, "src/index.ts");
// Emitted in memory only, under the package so `openapi-fetch` and `valibot` resolve as for a consumer.
const outDir = join(sdkDir, ".declarations-check/dist");
const consumerFile = join(sdkDir, ".declarations-check/consumer.ts");

/** What a Node consumer without the DOM lib writes: options, every method, errors, raw calls. */
const CONSUMER = `
import { ConnectionError, createKeywardenClient, f, type KeywardenClientOptions } from "./dist/index.js";

const options: KeywardenClientOptions = {
  baseUrl: "http://127.0.0.1:4010",
  auth: { apiKey: async () => "key", header: "utm-api-key" },
  fetch: (url, init) => fetch(url, init),
  middleware: [{ onRequest: ({ request }) => request }],
  onResponse: (event) => console.log(event.status),
};
const kw = createKeywardenClient(options);
export async function use(): Promise<void> {
  const key = await kw.apiKeys.create({ name: "billing", expiresAt: "2030-01-01" });
  for await (const k of kw.apiKeys.list({ sort: "expiresAt,asc" })) console.log(k.id);
  await kw.search({ indexPattern: "alert-*", filters: [f.is("status", 2)] }, { signal: AbortSignal.timeout(1000) });
  const raw = await kw.raw.GET("/api/api-keys/{id}", { params: { path: { id: key.id } } });
  console.log(raw.response.headers.get("x-total-count"));
  try {
    await kw.apiKeys.get(key.id);
  } catch (error) {
    if (error instanceof ConnectionError) console.log(error.code, error.cause);
  }
}
`;

/** The SDK's declarations, emitted from its sources into a map of file name to text. */
function emitDeclarations(): Map<string, string> {
  const files = new Map<string, string>();
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    customConditions: ["source"],
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(sdkDir, "src"),
    outDir,
  });
  program.emit(undefined, (fileName, text) => files.set(fileName, text));
  return files;
}

/** Type errors of the consumer compiled against those declarations with ES2022 and Node's types only. */
function consumerErrors(declarations: Map<string, string>): string[] {
  const virtual = new Map([...declarations, [consumerFile, CONSUMER]]);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    // @keywarden/rules is not built here: read its sources, from which its declarations are emitted.
    customConditions: ["source"],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.directoryExists = (name) =>
    [...virtual.keys()].some((file) => dirname(file).startsWith(name)) ||
    (directoryExists?.call(host, name) ?? false);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram([consumerFile], options, host);
  // Only our files are checked: checking every library's declarations too would take seconds more.
  const ours = program.getSourceFiles().filter((file) => virtual.has(file.fileName));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  return diagnostics.map(
    (d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  );
}

describe("the published declarations", () => {
  it("compile for a Node consumer without the DOM lib (lib ES2022, types node)", () => {
    const declarations = emitDeclarations();
    expect([...declarations.keys()]).toContain(join(outDir, "index.d.ts"));
    expect(declarations.size).toBeGreaterThan(30);
    expect(consumerErrors(declarations)).toEqual([]);
  });
});
