import { z } from "zod";
import { filtersSchema } from "../filters/filter-schema.js";

/** Spring's page size cap. */
export const MAX_PAGE_SIZE = 2000;

const sortPattern = /^[^,\s]+(,(asc|desc))?$/i;
const sortSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .refine(
    (s) => s === undefined || (Array.isArray(s) ? s : [s]).every((one) => sortPattern.test(one)),
    'sort must look like "field" or "field,asc" / "field,desc"',
  );
const size = z
  .number()
  .int("size must be an integer")
  .min(1, "size must be at least 1")
  .max(MAX_PAGE_SIZE, `size must be at most ${MAX_PAGE_SIZE}`);

/** Checks the query of `GET /api/api-keys` (0-based `page`, `size` ≤ 2000). */
export const listQuerySchema = z.object({
  page: z.number().int("page must be an integer").min(0, "page is 0-based and cannot be negative").optional(),
  size: size.optional(),
  sort: sortSchema,
  status: z.enum(["ACTIVE", "REVOKED"]).optional(),
  expiry: z.enum(["VALID", "EXPIRING_SOON", "EXPIRED"]).optional(),
  limit: z.number().int("limit must be an integer").min(0, "limit cannot be negative").optional(),
});

/** Checks the query and body of a search (`/api/elasticsearch/search`, `/api/api-keys/usage`). */
export const searchQuerySchema = z.object({
  indexPattern: z.string("indexPattern is required").trim().min(1, "indexPattern is required"),
  top: z.number("top is required").int("top must be an integer").min(1, "top must be at least 1"),
  page: z.number().int("page must be an integer").min(0, "page cannot be negative").optional(),
  size: size.optional(),
  sort: sortSchema,
  includeChildren: z.boolean().optional(),
  filters: filtersSchema.optional(),
  limit: z.number().int("limit must be an integer").min(0, "limit cannot be negative").optional(),
});
