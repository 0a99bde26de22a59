import { UnexpectedResponseError } from "../errors/transport-errors.js";
import { nextPageNumber, parseLinkHeader, totalOf } from "../pagination/link-header.js";
import type { Page } from "../pagination/page.js";
import { PageIterator } from "../pagination/page-iterator.js";
import {
  type ApiKeyInput,
  apiKeyInputSchema,
  keyIdSchema,
  toUpsertBody,
} from "../validation/api-key-input.js";
import { validateInput } from "../validation/issues.js";
import { listQuerySchema } from "../validation/query-input.js";
import type { RequestOptions } from "./call-options.js";
import { dataOrThrow, parseOutput, type ResourceContext, sentBy } from "./context.js";
import type { ListApiKeysParams } from "./list-params.js";
import {
  type ApiKey,
  type AuthorizationGroup,
  apiKeyListSchema,
  apiKeySchema,
  authorizationGroupListSchema,
  normaliseApiKey,
} from "./models.js";
import { toSortList } from "./sort-list.js";

const BASE = "/api/api-keys";
/** Page size used when iterating without an explicit `size`: fewer round trips than Spring's default 20. */
const ITERATION_PAGE_SIZE = 100;
// Reads, full replaces and deletes may be repeated; create, generate and revoke may not (a repeated
// generate would replace the secret whose answer was lost).
const REPEATABLE = { idempotent: true };
const ONCE = { idempotent: false };

/** Lists keys: iterate it for every key of every page, or call `.page()` for one page. */
export interface ListApiKeys {
  /** Every key, page after page (0-based pages, following `Link`); `break` stops fetching. */
  (params?: ListApiKeysParams, options?: RequestOptions): PageIterator<ApiKey>;
  /** One page: `{ items, total, links, page, size, nextPage }`. */
  page(params?: ListApiKeysParams, options?: RequestOptions): Promise<Page<ApiKey>>;
}

/** The API-key operations. */
export interface ApiKeysResource {
  /** Creates a key (201). The secret is not returned: call {@link ApiKeysResource.generate} next. Not retried. */
  create(input: ApiKeyInput, options?: RequestOptions): Promise<ApiKey>;
  /**
   * Generates the key's secret and returns it (shown this once). Generating again invalidates the previous
   * secret at once and slides `expiresAt`. Not retried: a lost answer means generate again.
   */
  generate(id: number, options?: RequestOptions): Promise<string>;
  /** Reads one key. */
  get(id: number, options?: RequestOptions): Promise<ApiKey>;
  /** Replaces a key's settings (full replace: omitted `expiresAt` removes the expiry). The secret is kept. */
  update(id: number, input: ApiKeyInput, options?: RequestOptions): Promise<ApiKey>;
  /** Revokes a key: it stays listed as REVOKED and never authenticates again (Keywarden extension). */
  revoke(id: number, options?: RequestOptions): Promise<ApiKey>;
  /** Deletes a key for good (204). */
  delete(id: number, options?: RequestOptions): Promise<void>;
  /** Lists keys; see {@link ListApiKeys}. */
  list: ListApiKeys;
  /**
   * The authorization groups the caller may give a key, by name, each with its permissions
   * (`GET /api/api-keys/authorization-groups`, a Keywarden extension; needs `api.key.view`). UTMStack
   * v11 has no such route: it answers with a `ServerError`.
   */
  authorizationGroups(options?: RequestOptions): Promise<AuthorizationGroup[]>;
}

/** Builds the API-key resource over a context. */
export function apiKeysResource(ctx: ResourceContext): ApiKeysResource {
  const checkId = (operation: string, id: number): number =>
    ctx.validate ? validateInput(operation, keyIdSchema, id) : id;
  // Built once, on first use: building the schema costs several validations with it, and the schema
  // reads `ctx.now` at validation time, so one serves every call.
  let inputSchema: ReturnType<typeof apiKeyInputSchema> | undefined;
  const body = (operation: string, input: ApiKeyInput) => {
    if (!ctx.validate) return toUpsertBody(input);
    inputSchema ??= apiKeyInputSchema(ctx.now);
    return toUpsertBody(validateInput(operation, inputSchema, input));
  };
  const keyOut = (data: unknown, method: string, path: string, response: Response): ApiKey =>
    normaliseApiKey(parseOutput(apiKeySchema, data, method, path, response));

  const page = async (params: ListApiKeysParams = {}, options?: RequestOptions): Promise<Page<ApiKey>> => {
    if (ctx.validate) validateInput("apiKeys.list", listQuerySchema, params);
    const pageNo = params.page ?? 0;
    const size = params.size ?? 20;
    const sort = toSortList(params.sort);
    const result = await ctx.raw.GET(BASE, {
      params: {
        query: {
          page: pageNo,
          size,
          sort,
          status: params.status,
          expiry: params.expiry,
          authorizationGroup: params.authorizationGroup,
        },
      },
      ...sentBy(ctx, REPEATABLE, options),
    });
    const data = dataOrThrow(ctx, "GET", BASE, result);
    const items = parseOutput(apiKeyListSchema, data ?? [], "GET", BASE, result.response).map(
      normaliseApiKey,
    );
    const links = parseLinkHeader(result.response.headers.get("link"));
    const total = totalOf(result.response.headers);
    const nextPage = nextPageNumber({
      links,
      total,
      page: pageNo,
      size,
      received: items.length,
      firstPage: 0,
    });
    return { items, total, links, page: pageNo, size, nextPage };
  };

  const list = ((params: ListApiKeysParams = {}, options?: RequestOptions) => {
    if (ctx.validate) validateInput("apiKeys.list", listQuerySchema, params);
    const size = params.size ?? ITERATION_PAGE_SIZE;
    return new PageIterator<ApiKey>(
      (n) => page({ ...params, page: n, size }, options),
      params.page ?? 0,
      params.limit,
    );
  }) as ListApiKeys;
  list.page = page;

  return {
    list,

    async authorizationGroups(options) {
      const path = `${BASE}/authorization-groups`;
      const result = await ctx.raw.GET("/api/api-keys/authorization-groups", {
        ...sentBy(ctx, REPEATABLE, options),
      });
      const data = dataOrThrow(ctx, "GET", path, result);
      // the schema checks what code relies on; the spec's type says the rest
      return parseOutput(
        authorizationGroupListSchema,
        data,
        "GET",
        path,
        result.response,
      ) as AuthorizationGroup[];
    },

    async create(input, options) {
      const json = body("apiKeys.create", input);
      const result = await ctx.raw.POST(BASE, { body: json, ...sentBy(ctx, ONCE, options) });
      return keyOut(dataOrThrow(ctx, "POST", BASE, result), "POST", BASE, result.response);
    },

    async generate(id, options) {
      const path = `${BASE}/${checkId("apiKeys.generate", id)}/generate`;
      const result = await ctx.raw.POST("/api/api-keys/{id}/generate", {
        params: { path: { id } },
        parseAs: "text",
        ...sentBy(ctx, ONCE, options),
      });
      const text = dataOrThrow(ctx, "POST", path, result);
      return readSecret(text, path, result.response);
    },

    async get(id, options) {
      const path = `${BASE}/${checkId("apiKeys.get", id)}`;
      const result = await ctx.raw.GET("/api/api-keys/{id}", {
        params: { path: { id } },
        ...sentBy(ctx, REPEATABLE, options),
      });
      return keyOut(dataOrThrow(ctx, "GET", path, result), "GET", path, result.response);
    },

    async update(id, input, options) {
      const path = `${BASE}/${checkId("apiKeys.update", id)}`;
      const json = body("apiKeys.update", input);
      const result = await ctx.raw.PUT("/api/api-keys/{id}", {
        params: { path: { id } },
        body: json,
        ...sentBy(ctx, REPEATABLE, options),
      });
      return keyOut(dataOrThrow(ctx, "PUT", path, result), "PUT", path, result.response);
    },

    async revoke(id, options) {
      const path = `${BASE}/${checkId("apiKeys.revoke", id)}/revoke`;
      const result = await ctx.raw.POST("/api/api-keys/{id}/revoke", {
        params: { path: { id } },
        ...sentBy(ctx, ONCE, options),
      });
      return keyOut(dataOrThrow(ctx, "POST", path, result), "POST", path, result.response);
    },

    async delete(id, options) {
      const path = `${BASE}/${checkId("apiKeys.delete", id)}`;
      const result = await ctx.raw.DELETE("/api/api-keys/{id}", {
        params: { path: { id } },
        ...sentBy(ctx, REPEATABLE, options),
      });
      dataOrThrow(ctx, "DELETE", path, result);
    },
  };
}

/** The secret is a bare text body; tolerate a JSON-quoted one (a server behind a JSON-only gateway). */
function readSecret(text: unknown, path: string, response: Response): string {
  let secret = typeof text === "string" ? text.trim() : "";
  if (secret.startsWith('"') && secret.endsWith('"')) {
    try {
      secret = String(JSON.parse(secret));
    } catch {
      // keep it as it came
    }
  }
  if (secret === "") {
    throw new UnexpectedResponseError(`POST ${path} returned no secret`, {
      status: response.status,
      method: "POST",
      url: response.url,
      headers: response.headers,
    });
  }
  return secret;
}
