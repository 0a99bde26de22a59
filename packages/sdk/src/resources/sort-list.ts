/**
 * The `sort` query parameter as the spec types it (a repeatable `string[]`), from the one sort or
 * the list of sorts a caller gives.
 */
export function toSortList(sort: string | readonly string[] | undefined): string[] | undefined {
  if (sort === undefined) return undefined;
  return typeof sort === "string" ? [sort] : [...sort];
}
