/**
 * A dotted field path prepared once per query: the whole path as a literal key, and every split
 * point (`head` key, then the rest of the path), so a lookup slices no strings per document.
 */
export interface FieldPath {
  readonly key: string;
  readonly splits: ReadonlyArray<readonly [head: string, rest: FieldPath]>;
}

/** Called with each value found; returning true stops the walk. */
export type ValueVisitor = (value: unknown) => boolean;

const prepared = new Map<string, FieldPath>();

/**
 * Prepares a field path for {@link visitValuesAt}. A `.keyword` suffix (the exact-value sub-field)
 * reads the field itself.
 */
export function fieldPath(path: string): FieldPath {
  let found = prepared.get(path);
  if (!found) {
    found = prepare(path.endsWith(".keyword") ? path.slice(0, -".keyword".length) : path);
    // paths come from requests: bound the cache so odd clients cannot grow it without end
    if (prepared.size >= 1000) prepared.clear();
    prepared.set(path, found);
  }
  return found;
}

function prepare(key: string): FieldPath {
  const splits: Array<readonly [string, FieldPath]> = [];
  for (let dot = key.indexOf("."); dot !== -1; dot = key.indexOf(".", dot + 1)) {
    splits.push([key.slice(0, dot), prepare(key.slice(dot + 1))]);
  }
  return { key, splits };
}

/**
 * Visits the values at a field path, Elasticsearch style, in document order: arrays are flattened at
 * every level, so `destination.ip` finds the ip of an object or of each object in an array, and a
 * literal key containing dots (e.g. `"@timestamp"` or `"a.b"`) is found too. Nulls are skipped.
 * @returns true when the visitor stopped the walk
 */
export function visitValuesAt(node: unknown, path: FieldPath, visit: ValueVisitor): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (visitValuesAt(node[i], path, visit)) return true;
    return false;
  }
  if (typeof node !== "object" || node === null) return false;
  const record = node as Record<string, unknown>;
  if (path.key in record) return visitFlat(record[path.key], visit);
  // every split point, so both {"a": {"b": 1}} and {"a.b": 1} answer "a.b"
  for (const [head, rest] of path.splits) {
    if (head in record && visitValuesAt(record[head], rest, visit)) return true;
  }
  return false;
}

function visitFlat(value: unknown, visit: ValueVisitor): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (visitFlat(value[i], visit)) return true;
    return false;
  }
  return value !== undefined && value !== null && visit(value);
}

/**
 * The first value at a prepared field path (see {@link visitValuesAt}), or undefined.
 *
 * The same walk as visitValuesAt, written out: sorting reads it for every match, and a visitor
 * closure per document was garbage to collect. A value found is never undefined (the walk skips it),
 * so undefined also means "not found" below.
 */
export function firstValueAt(node: unknown, path: FieldPath): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = firstValueAt(node[i], path);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof node !== "object" || node === null) return undefined;
  const record = node as Record<string, unknown>;
  if (path.key in record) return firstFlat(record[path.key]);
  for (const [head, rest] of path.splits) {
    if (!(head in record)) continue;
    const found = firstValueAt(record[head], rest);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstFlat(value: unknown): unknown {
  if (!Array.isArray(value)) return value === null ? undefined : value;
  for (let i = 0; i < value.length; i++) {
    const found = firstFlat(value[i]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The values at a dotted field path (see {@link visitValuesAt}). */
export function valuesAt(document: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  visitValuesAt(document, fieldPath(path), (value) => {
    out.push(value);
    return false;
  });
  return out;
}

// for-in reads a plain object's keys from V8's enum cache; Object.values allocated an array per
// object per document per query, which was most of an all-fields search.
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Visits every leaf value of a document (for operators that search all fields), in `Object.values`
 * order; nulls are skipped.
 * @returns true when the visitor stopped the walk
 */
export function visitLeafValues(node: unknown, visit: ValueVisitor): boolean {
  // small enough to be inlined into the loops of visitMembers: most values are leaves, and a leaf
  // then costs no call of its own
  if (typeof node === "object") return node !== null && visitMembers(node, visit);
  return node !== undefined && visit(node);
}

function visitMembers(node: object, visit: ValueVisitor): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (visitLeafValues(node[i], visit)) return true;
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    // for-in also lists inherited enumerable keys, which Object.values leaves out
    if (hasOwn.call(record, key) && visitLeafValues(record[key], visit)) return true;
  }
  return false;
}
