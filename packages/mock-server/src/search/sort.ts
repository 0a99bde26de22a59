import type { SortOrder } from "../http/pageable.js";
import { valuesAt } from "./field-path.js";

function rank(value: unknown): number {
  return typeof value === "number" ? 0 : typeof value === "boolean" ? 1 : 2;
}

function compareValues(a: unknown, b: unknown): number {
  const byKind = rank(a) - rank(b);
  if (byKind !== 0) return byKind;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A comparator over documents for `sort=field,asc|desc` entries (dotted paths allowed). Documents
 * without the field sort last in both directions, as Elasticsearch's `missing: _last`.
 */
export function documentComparator(orders: readonly SortOrder[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const order of orders) {
      const left = valuesAt(a, order.property)[0];
      const right = valuesAt(b, order.property)[0];
      if (left === undefined || right === undefined) {
        if (left === right) continue;
        return left === undefined ? 1 : -1;
      }
      const result = compareValues(left, right);
      if (result !== 0) return order.direction === "desc" ? -result : result;
    }
    return 0;
  };
}
