/**
 * Vault's JSON limits pre-scan (contract §2.3; `jsonutil.VerifyMaxDepthStreaming`), run on any body that
 * starts with `{` or `[` before it is decoded: nesting depth, string length, entries per object,
 * elements per array, total tokens, and duplicate keys. A violation is answered with 500.
 */

/** The limits, with Vault's code defaults. */
export interface JsonLimits {
  maxDepth: number;
  maxStringBytes: number;
  maxObjectEntries: number;
  maxArrayElements: number;
  maxTokens: number;
}

const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 300,
  maxStringBytes: 1024 * 1024,
  maxObjectEntries: 10_000,
  maxArrayElements: 10_000,
  maxTokens: 500_000,
};

interface Container {
  kind: "{" | "[";
  count: number;
  expectKey: boolean;
  keys?: Set<string>;
}

/** Reads a JSON string starting at `start` (a `"`); returns its decoded value, raw length and end index. */
function readString(
  text: string,
  start: number,
): { value: string; rawBytes: number; end: number } | undefined {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  if (i >= text.length) return undefined;
  const raw = text.slice(start, i + 1);
  try {
    return { value: JSON.parse(raw) as string, rawBytes: Buffer.byteLength(raw) - 2, end: i + 1 };
  } catch {
    return undefined;
  }
}

/**
 * Returns Vault's message for the first limit the body breaks, or `undefined` when it keeps them all
 * (or is not an object/array: then the limits do not apply). Syntax errors are left to the decoder.
 */
export function checkJsonLimits(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): string | undefined {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  const stack: Container[] = [];
  let tokens = 0;
  const countValue = (top: Container | undefined): string | undefined => {
    if (!top) return undefined;
    if (top.kind === "[") {
      top.count++;
      if (top.count > limits.maxArrayElements) return "JSON array exceeds allowed element count";
    } else top.expectKey = true;
    return undefined;
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (++tokens > limits.maxTokens) return "JSON payload exceeds allowed token count";
    const top = stack[stack.length - 1];
    if (ch === "{" || ch === "[") {
      const problem = top?.kind === "[" ? countValue(top) : undefined;
      if (problem) return problem;
      if (top?.kind === "{") top.expectKey = true;
      stack.push({
        kind: ch,
        count: 0,
        expectKey: ch === "{",
        ...(ch === "{" ? { keys: new Set<string>() } : {}),
      });
      if (stack.length > limits.maxDepth) return "JSON input exceeds allowed nesting depth";
      i++;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent?.kind === "{") parent.expectKey = true;
      i++;
    } else if (ch === '"') {
      const str = readString(text, i);
      if (!str) return undefined;
      if (str.rawBytes > limits.maxStringBytes) return "JSON string value exceeds allowed length";
      if (top?.kind === "{" && top.expectKey) {
        if (top.keys?.has(str.value)) return `duplicate key '${str.value}' in object`;
        top.keys?.add(str.value);
        top.count++;
        if (top.count > limits.maxObjectEntries) return "JSON object exceeds allowed entry count";
        top.expectKey = false;
      } else {
        const problem = countValue(top);
        if (problem) return problem;
      }
      i = str.end;
    } else if (ch === "," || ch === ":") {
      if (ch === "," && top?.kind === "{") top.expectKey = true;
      i++;
    } else {
      // a number or a literal: consume to the next delimiter
      while (i < text.length && !/[\s,\]}]/.test(text[i] as string)) i++;
      const problem = countValue(top);
      if (problem) return problem;
    }
  }
  return undefined;
}
