import { API_KEY_STATUSES, EXPIRY_STATES, PARAMETER_CONSTRAINTS } from "@keywarden/rules";
import * as v from "valibot";
import { filtersSchema } from "../filters/filter-schema.js";
import { inputObject } from "./input-object.js";

const { PageSize, ApiKeyPage, SearchPage, SearchTop } = PARAMETER_CONSTRAINTS;

/** Spring's page size cap (the spec's `PageSize.maximum`). */
export const MAX_PAGE_SIZE = PageSize.maximum;

const integer = (name: string, min: number, minMessage: string) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be an integer`),
    v.minValue(min, minMessage),
  );
/** What one sort entry looks like: `field`, `field,asc` or `field,desc`. */
export const SORT_PATTERN = /^[^,\s]+(,(asc|desc))?$/i;
const SORT_FORMAT = 'sort must look like "field" or "field,asc" / "field,desc"';
const isSort = (one: unknown) => typeof one === "string" && SORT_PATTERN.test(one);
// One check rather than a union of a string and a list: a union builds an issue for each member it misses.
const sortSchema = v.optional(
  v.custom<string | string[]>((s) => (Array.isArray(s) ? s.every(isSort) : isSort(s)), SORT_FORMAT),
);
const size = v.pipe(
  integer("size", PageSize.minimum, `size must be at least ${PageSize.minimum}`),
  v.maxValue(MAX_PAGE_SIZE, `size must be at most ${MAX_PAGE_SIZE}`),
);
const limit = v.optional(integer("limit", 0, "limit cannot be negative"));
const oneOf = (name: string, values: readonly string[]) => `${name} must be one of ${values.join(", ")}`;

/** Checks the query of `GET /api/api-keys` (0-based `page`, `size` ≤ 2000). */
export const listQuerySchema = inputObject({
  page: v.optional(integer("page", ApiKeyPage.minimum, "page is 0-based and cannot be negative")),
  size: v.optional(size),
  sort: sortSchema,
  status: v.optional(v.picklist(API_KEY_STATUSES, oneOf("status", API_KEY_STATUSES))),
  expiry: v.optional(v.picklist(EXPIRY_STATES, oneOf("expiry", EXPIRY_STATES))),
  authorizationGroup: v.optional(
    v.pipe(
      v.string("authorizationGroup must be a group's name"),
      v.minLength(1, "authorizationGroup must be a group's name"),
    ),
  ),
  limit,
});

/** Checks the query and body of a search (`/api/elasticsearch/search`, `/api/api-keys/usage`). */
export const searchQuerySchema = inputObject({
  indexPattern: v.pipe(
    v.string("indexPattern is required"),
    v.check((s) => s.trim().length > 0, "indexPattern is required"),
  ),
  top: integer("top", SearchTop.minimum, `top must be at least ${SearchTop.minimum}`),
  page: v.optional(integer("page", SearchPage.minimum, "page cannot be negative")),
  size: v.optional(size),
  sort: sortSchema,
  includeChildren: v.optional(v.boolean("includeChildren must be true or false")),
  filters: v.optional(filtersSchema),
  limit,
});
