import { API_KEY_STATUSES, EXPIRY_STATES, PARAMETER_CONSTRAINTS } from "@keywarden/rules";
import * as z from "zod/mini";
import { filtersSchema } from "../filters/filter-schema.js";

const { PageSize, ApiKeyPage, SearchPage, SearchTop } = PARAMETER_CONSTRAINTS;

/** Spring's page size cap (the spec's `PageSize.maximum`). */
export const MAX_PAGE_SIZE = PageSize.maximum;

const integer = (name: string, min: number, minMessage: string) =>
  z.number(`${name} must be a number`).check(
    z.refine((n) => Number.isInteger(n), `${name} must be an integer`),
    z.minimum(min, minMessage),
  );
/** What one sort entry looks like: `field`, `field,asc` or `field,desc`. */
export const SORT_PATTERN = /^[^,\s]+(,(asc|desc))?$/i;
const sortSchema = z.optional(
  z
    .union([z.string(), z.array(z.string())])
    .check(
      z.refine(
        (s) => (Array.isArray(s) ? s : [s]).every((one) => SORT_PATTERN.test(one)),
        'sort must look like "field" or "field,asc" / "field,desc"',
      ),
    ),
);
const size = integer("size", PageSize.minimum, `size must be at least ${PageSize.minimum}`).check(
  z.maximum(MAX_PAGE_SIZE, `size must be at most ${MAX_PAGE_SIZE}`),
);
const limit = z.optional(integer("limit", 0, "limit cannot be negative"));

/** Checks the query of `GET /api/api-keys` (0-based `page`, `size` ≤ 2000). */
export const listQuerySchema = z.object({
  page: z.optional(integer("page", ApiKeyPage.minimum, "page is 0-based and cannot be negative")),
  size: z.optional(size),
  sort: sortSchema,
  status: z.optional(z.enum(API_KEY_STATUSES)),
  expiry: z.optional(z.enum(EXPIRY_STATES)),
  authorizationGroup: z.optional(
    z
      .string("authorizationGroup must be a group's name")
      .check(z.minLength(1, "authorizationGroup must be a group's name")),
  ),
  limit,
});

/** Checks the query and body of a search (`/api/elasticsearch/search`, `/api/api-keys/usage`). */
export const searchQuerySchema = z.object({
  indexPattern: z
    .string("indexPattern is required")
    .check(z.refine((s) => s.trim().length > 0, "indexPattern is required")),
  top: integer("top", SearchTop.minimum, `top must be at least ${SearchTop.minimum}`),
  page: z.optional(integer("page", SearchPage.minimum, "page cannot be negative")),
  size: z.optional(size),
  sort: sortSchema,
  includeChildren: z.optional(z.boolean()),
  filters: z.optional(filtersSchema),
  limit,
});
