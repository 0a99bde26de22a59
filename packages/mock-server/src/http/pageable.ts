import { PARAMETER_CONSTRAINTS } from "@keywarden/rules";
/** One `sort=property,direction` entry. */
export interface SortOrder {
  property: string;
  direction: "asc" | "desc";
}

/** Spring Data's `Pageable` as read from `page`, `size` and `sort` query parameters. */
export interface Pageable {
  /** 0-based page number as sent (never negative). */
  page: number;
  size: number;
  sort: SortOrder[];
}

const DEFAULT_SIZE = 20;
/** Spring Data's default `max-page-size` (the spec's `PageSize.maximum`). */
export const MAX_PAGE_SIZE = PARAMETER_CONSTRAINTS.PageSize.maximum;

function parseNonNegativeInt(text: string | null): number | undefined {
  if (text === null || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  const parsed = Number.parseInt(text, 10);
  return Math.max(parsed, 0);
}

/**
 * Reads Spring's pageable parameters with Spring's leniency: an unreadable or negative `page` is 0,
 * an unreadable or non-positive `size` is 20, `size` is capped at 2000, and each `sort` value is
 * `prop[,prop...][,asc|desc]` (direction defaults to asc).
 */
export function parsePageable(params: URLSearchParams): Pageable {
  const page = parseNonNegativeInt(params.get("page")) ?? 0;
  let size = parseNonNegativeInt(params.get("size")) ?? DEFAULT_SIZE;
  if (size < 1) size = DEFAULT_SIZE;
  if (size > MAX_PAGE_SIZE) size = MAX_PAGE_SIZE;
  const sort: SortOrder[] = [];
  for (const value of params.getAll("sort")) {
    const parts = value.split(",").map((part) => part.trim());
    const last = parts[parts.length - 1]?.toLowerCase();
    const direction = last === "asc" || last === "desc" ? last : undefined;
    if (direction) parts.pop();
    for (const property of parts) if (property) sort.push({ property, direction: direction ?? "asc" });
  }
  return { page, size, sort };
}
