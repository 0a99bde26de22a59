/**
 * The values at a dotted field path, Elasticsearch style: arrays are flattened at every level, so
 * `destination.ip` finds the ip of an object or of each object in an array. A `.keyword` suffix
 * (the exact-value sub-field) reads the field itself. A literal key containing dots
 * (e.g. `"@timestamp"` or `"a.b"`) is found too.
 */
export function valuesAt(document: unknown, path: string): unknown[] {
  const field = path.endsWith(".keyword") ? path.slice(0, -".keyword".length) : path;
  const out: unknown[] = [];
  collect(document, field, out);
  return out;
}

function collect(node: unknown, path: string, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, path, out);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (path in record) {
    pushFlat(record[path], out);
    return;
  }
  // try every split point, so both {"a": {"b": 1}} and {"a.b": 1} answer "a.b"
  for (let dot = path.indexOf("."); dot !== -1; dot = path.indexOf(".", dot + 1)) {
    const head = path.slice(0, dot);
    if (head in record) collect(record[head], path.slice(dot + 1), out);
  }
}

function pushFlat(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) pushFlat(item, out);
  else if (value !== undefined && value !== null) out.push(value);
}

/** Every leaf value of a document (for operators that search all fields). */
export function allLeafValues(document: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(document)) for (const item of document) allLeafValues(item, out);
  else if (typeof document === "object" && document !== null) {
    for (const value of Object.values(document)) allLeafValues(value, out);
  } else if (document !== undefined && document !== null) out.push(document);
  return out;
}
