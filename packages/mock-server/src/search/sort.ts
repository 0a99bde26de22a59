import type { SortOrder } from "../http/pageable.js";
import { type FieldPath, fieldPath, firstValueAt } from "./field-path.js";

/**
 * A document's sort value for one order, extracted once: numbers sort before booleans before
 * everything else (compared as strings, so held as their string), and a missing field is
 * `undefined`.
 */
type SortKey = number | boolean | string | undefined;

/** A matched document with its sort keys and its position, so ties keep document order. */
export interface Decorated {
  document: unknown;
  position: number;
  readonly keys: SortKey[];
}

function sortKey(value: unknown): SortKey {
  return value === undefined || typeof value === "number" || typeof value === "boolean"
    ? value
    : String(value);
}

function rank(key: number | boolean | string): number {
  return typeof key === "number" ? 0 : typeof key === "boolean" ? 1 : 2;
}

function compareKeys(a: number | boolean | string, b: number | boolean | string): number {
  if (typeof a === "number" && typeof b === "number") {
    const difference = a - b;
    return Number.isNaN(difference) ? 0 : difference;
  }
  const byKind = rank(a) - rank(b);
  if (byKind !== 0) return byKind;
  const left = typeof a === "boolean" ? String(a) : (a as string);
  const right = typeof b === "boolean" ? String(b) : (b as string);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Decorates documents with their sort keys and orders them for `sort=field,asc|desc` entries
 * (dotted paths allowed). Documents without the field sort last in both directions, as
 * Elasticsearch's `missing: _last`; full ties keep document order (a stable sort).
 */
export class DocumentOrder {
  private readonly paths: readonly FieldPath[];
  private readonly descending: readonly boolean[];

  constructor(orders: readonly SortOrder[]) {
    this.paths = orders.map((order) => fieldPath(order.property));
    this.descending = orders.map((order) => order.direction === "desc");
  }

  /** A reusable holder for {@link decorateInto}. */
  blank(): Decorated {
    return { document: undefined, position: -1, keys: this.paths.map(() => undefined) };
  }

  /** Fills `into` with the document and its keys, extracted once rather than on every comparison. */
  decorateInto(into: Decorated, document: unknown, position: number): Decorated {
    into.document = document;
    into.position = position;
    for (let i = 0; i < this.paths.length; i++) {
      into.keys[i] = sortKey(firstValueAt(document, this.paths[i] as FieldPath));
    }
    return into;
  }

  /** A copy of a decorated document, to keep once its holder is reused. */
  static copy(decorated: Decorated): Decorated {
    return { document: decorated.document, position: decorated.position, keys: [...decorated.keys] };
  }

  /** A total order: negative when `a` comes first. */
  readonly compare = (a: Decorated, b: Decorated): number => {
    for (let i = 0; i < this.paths.length; i++) {
      const left = a.keys[i];
      const right = b.keys[i];
      if (left === undefined || right === undefined) {
        if (left === right) continue;
        return left === undefined ? 1 : -1;
      }
      const result = compareKeys(left, right);
      if (result !== 0) return this.descending[i] ? -result : result;
    }
    return a.position - b.position;
  };
}
