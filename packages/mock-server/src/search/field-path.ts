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
 * The deepest field path a search may name, in dots: Elasticsearch's `index.mapping.depth.limit`
 * (20), so no index could hold a deeper field anyway.
 */
export const MAX_FIELD_DEPTH = 20;
/** The longest field path a search may name, in characters. */
export const MAX_FIELD_PATH_LENGTH = 1024;

/** Why a field path cannot be searched (too long or too deep), or undefined when it can. */
export function fieldPathProblem(path: string): string | undefined {
  if (path.length > MAX_FIELD_PATH_LENGTH) {
    return `field path is ${path.length} characters long; at most ${MAX_FIELD_PATH_LENGTH}`;
  }
  let dots = 0;
  for (let at = path.indexOf("."); at !== -1; at = path.indexOf(".", at + 1)) dots++;
  if (dots > MAX_FIELD_DEPTH) return `field path has ${dots} levels; at most ${MAX_FIELD_DEPTH}`;
  return undefined;
}

/**
 * Prepares a field path for {@link visitValuesAt}. A `.keyword` suffix (the exact-value sub-field)
 * reads the field itself.
 * @throws {RangeError} past {@link MAX_FIELD_DEPTH} or {@link MAX_FIELD_PATH_LENGTH}: callers check
 *   requests with {@link fieldPathProblem} first
 */
export function fieldPath(path: string): FieldPath {
  let found = prepared.get(path);
  if (!found) {
    const problem = fieldPathProblem(path);
    if (problem) throw new RangeError(problem);
    found = prepare(path.endsWith(".keyword") ? path.slice(0, -".keyword".length) : path);
    // paths come from requests: bound the cache so odd clients cannot grow it without end
    if (prepared.size >= 1000) prepared.clear();
    prepared.set(path, found);
  }
  return found;
}

// Built from the last segment back, so every suffix is one shared node: d dots give d + 1 nodes and
// d(d + 1)/2 split entries. Building each suffix afresh for every split point doubled the work per dot.
function prepare(key: string): FieldPath {
  const dots: number[] = [];
  for (let at = key.indexOf("."); at !== -1; at = key.indexOf(".", at + 1)) dots.push(at);
  const suffixes: FieldPath[] = new Array(dots.length + 1);
  for (let i = dots.length; i >= 0; i--) {
    const start = i === 0 ? 0 : (dots[i - 1] as number) + 1;
    const splits: Array<readonly [string, FieldPath]> = [];
    for (let j = i; j < dots.length; j++) {
      splits.push([key.slice(start, dots[j]), suffixes[j + 1] as FieldPath]);
    }
    suffixes[i] = { key: i === 0 ? key : key.slice(start), splits };
  }
  return suffixes[0] as FieldPath;
}

// Own properties only: `in` would also find `constructor` or `toString` on every object's prototype.
const hasOwn = Object.prototype.hasOwnProperty;

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
  if (hasOwn.call(record, path.key)) return visitFlat(record[path.key], visit);
  // every split point, so both {"a": {"b": 1}} and {"a.b": 1} answer "a.b"
  for (const [head, rest] of path.splits) {
    if (hasOwn.call(record, head) && visitValuesAt(record[head], rest, visit)) return true;
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
  if (hasOwn.call(record, path.key)) return firstFlat(record[path.key]);
  for (const [head, rest] of path.splits) {
    if (!hasOwn.call(record, head)) continue;
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
