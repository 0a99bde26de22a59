// A page of hits is serialized on every search, and the same documents are served again and again,
// so each document's JSON text is kept for reuse. Tests edit the store's documents in place, though,
// so a text is never trusted by the document's identity alone: it is kept beside a snapshot of
// every key and value it was made from, and reused only while a walk of the document finds them all
// unchanged. That walk reads what JSON.stringify reads and costs a fraction of it.
//
// Only plain data is kept (strings, numbers, booleans, null, undefined; arrays and objects with the
// standard prototypes and no toJSON); a document holding anything else is serialized afresh.

/** Snapshot markers; documents never hold these objects, only copies of their own keys and scalars. */
const OBJECT = {};
const ARRAY = {};
const END = {};

/** The largest snapshot kept for one document, in entries, and the deepest nesting walked. */
const MAX_ENTRIES = 2048;
const MAX_DEPTH = 32;
/** What all kept texts and snapshots may hold, estimated at 2 bytes a character and 8 an entry. */
const BUDGET_BYTES = 4 * 1024 * 1024;
/** A Map entry and the kept record around a text and its snapshot. */
const OVERHEAD_BYTES = 96;

interface Kept {
  text: string;
  snapshot: unknown[];
  bytes: number;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isPlain(node: object): boolean {
  const prototype = Object.getPrototypeOf(node);
  const standard = Array.isArray(node)
    ? prototype === Array.prototype
    : prototype === Object.prototype || prototype === null;
  return standard && typeof (node as { toJSON?: unknown }).toJSON !== "function";
}

/** Appends the document's keys and scalars to `into`; false when it is not plain data. */
function record(node: unknown, into: unknown[], depth: number): boolean {
  if (typeof node !== "object") {
    if (typeof node === "function" || typeof node === "symbol" || typeof node === "bigint") return false;
    into.push(node);
    return true;
  }
  if (node === null) {
    into.push(null);
    return true;
  }
  if (depth >= MAX_DEPTH || !isPlain(node)) return false;
  if (Array.isArray(node)) {
    into.push(ARRAY, node.length);
    for (let i = 0; i < node.length; i++) {
      if (into.length > MAX_ENTRIES || !record(node[i], into, depth + 1)) return false;
    }
    return true;
  }
  into.push(OBJECT);
  const members = node as Record<string, unknown>;
  for (const key in members) {
    if (!hasOwn.call(members, key)) continue;
    into.push(key);
    if (into.length > MAX_ENTRIES || !record(members[key], into, depth + 1)) return false;
  }
  into.push(END);
  return true;
}

/**
 * Walks the document along its snapshot from position `at`.
 * @returns the position after the node, or -1 at the first difference
 */
function unchangedFrom(node: unknown, snapshot: readonly unknown[], at: number): number {
  const entry = snapshot[at];
  if (typeof node !== "object" || node === null) {
    // Object.is finds an unchanged NaN too
    return node === entry || Object.is(node, entry) ? at + 1 : -1;
  }
  if (!isPlain(node)) return -1;
  if (Array.isArray(node)) {
    if (entry !== ARRAY || snapshot[at + 1] !== node.length) return -1;
    let next = at + 2;
    for (let i = 0; i < node.length && next !== -1; i++) next = unchangedFrom(node[i], snapshot, next);
    return next;
  }
  if (entry !== OBJECT) return -1;
  let next = at + 1;
  const members = node as Record<string, unknown>;
  for (const key in members) {
    if (!hasOwn.call(members, key)) continue;
    if (snapshot[next] !== key) return -1;
    next = unchangedFrom(members[key], snapshot, next + 1);
    if (next === -1) return -1;
  }
  return snapshot[next] === END ? next + 1 : -1;
}

// Insertion order is eviction order: the oldest text goes first once the budget is spent.
const kept = new Map<object, Kept>();
let keptBytes = 0;

function forget(document: object, entry: Kept): void {
  kept.delete(document);
  keptBytes -= entry.bytes;
}

function keep(document: object, text: string, snapshot: unknown[]): void {
  const bytes = 2 * text.length + 8 * snapshot.length + OVERHEAD_BYTES;
  if (bytes > BUDGET_BYTES / 16) return;
  for (const [oldest, entry] of kept) {
    if (keptBytes + bytes <= BUDGET_BYTES) break;
    forget(oldest, entry);
  }
  kept.set(document, { text, snapshot, bytes });
  keptBytes += bytes;
}

/** The document's JSON text, or undefined when it is not a plain-data object. */
function documentText(document: unknown): string | undefined {
  if (typeof document !== "object" || document === null) return undefined;
  const entry = kept.get(document);
  if (entry !== undefined) {
    if (unchangedFrom(document, entry.snapshot, 0) === entry.snapshot.length) return entry.text;
    forget(document, entry);
  }
  const snapshot: unknown[] = [];
  if (!record(document, snapshot, 0)) return undefined;
  const text = JSON.stringify(document);
  keep(document, text, snapshot);
  return text;
}

/**
 * `JSON.stringify(hits)`, reusing the text of each document that is unchanged since it was last
 * serialized (see the top of this file). At most {@link BUDGET_BYTES} are kept, about 1.3 KB for
 * a seeded alert.
 * @param hits the documents of one page
 */
export function hitsJson(hits: readonly unknown[]): string {
  const texts: string[] = new Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const text = documentText(hits[i]);
    // anything else may serialize differently inside an array (toJSON gets the index as its key)
    if (text === undefined) return JSON.stringify(hits);
    texts[i] = text;
  }
  return `[${texts.join(",")}]`;
}
