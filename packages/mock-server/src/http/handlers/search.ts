import { OPERATION_PERMISSIONS } from "@keywarden/rules";
import type { MockReply } from "../../exchange/reply.js";
import { hitsJson } from "../../search/hits-json.js";
import { parseFilters } from "../../search/operators.js";
import { runSearch } from "../../search/search.js";
import { BadRequestError } from "../errors.js";
import { parsePageable } from "../pageable.js";
import type { SearchRoute } from "../profiles/profile.js";
import { readJsonBody } from "../request-body.js";
import { json, jsonText } from "../responses.js";
import type { KeyServiceRoute, RouteInput, ServiceContext } from "../route.js";
import type { RouteEntry } from "../router.js";

function requiredTop(params: URLSearchParams): number {
  const raw = params.get("top");
  if (raw === null || raw.trim() === "") {
    throw new BadRequestError(
      "top: required query parameter (the cap on results, e.g. top=100)",
      "Required request parameter 'top' for method parameter type Integer is not present",
    );
  }
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1 || Number(raw) > 2 ** 31 - 1) {
    throw new BadRequestError(
      `top: must be a positive integer, got "${raw}"`,
      `Failed to convert value of type 'java.lang.String' to required type 'java.lang.Integer'; nested exception is java.lang.NumberFormatException: For input string: "${raw}"`,
    );
  }
  return Number(raw);
}

function requiredIndexPattern(params: URLSearchParams): string {
  const pattern = params.get("indexPattern");
  if (pattern === null || pattern.trim() === "") {
    throw new BadRequestError(
      "indexPattern: required query parameter (e.g. alert-* or v11-api-access-logs-*)",
      "Required request parameter 'indexPattern' for method parameter type String is not present",
    );
  }
  return pattern;
}

function search(context: ServiceContext, input: RouteInput, route: SearchRoute): MockReply {
  const { profile, store } = context;
  try {
    const params = input.url.searchParams;
    const top = requiredTop(params);
    const indexPattern = requiredIndexPattern(params);
    const { page, size, sort } = parsePageable(params);
    const filters = parseFilters(readJsonBody(input));
    const documents =
      route === "usage" && !profile.usageSearchesAnyIndex
        ? store.usageDocumentsOf(indexPattern)
        : store.documentsOf(indexPattern);
    const result = runSearch(documents, {
      filters,
      sort,
      page,
      size,
      top,
      now: input.now,
    });
    if (result.total === 0) return json([]);
    // the stored documents themselves, whose texts hitsJson can reuse, unless copies are sent
    let text: string;
    if (route === "search" && params.get("includeChildren") === "true") {
      text = JSON.stringify(
        result.hits.map((hit) =>
          typeof hit === "object" && hit !== null && "id" in hit
            ? { ...hit, hasChildren: false, echoes: 0 }
            : hit,
        ),
      );
    } else {
      text = hitsJson(result.hits);
    }
    return jsonText(text, 200, {
      "x-total-count": String(result.total),
      link: profile.searchLink(page, size, result.total),
    });
  } catch (error) {
    return profile.searchErrorResponse(error, route);
  }
}

/** `POST /api/elasticsearch/search` and `POST /api/api-keys/usage` (the same search, another wrapper). */
export function searchRoutes(context: ServiceContext): RouteEntry<KeyServiceRoute>[] {
  return [
    {
      method: "POST",
      path: "/api/elasticsearch/search",
      handler: { access: null, run: (input) => search(context, input, "search") },
    },
    {
      method: "POST",
      path: "/api/api-keys/usage",
      handler: {
        access: OPERATION_PERMISSIONS.searchApiKeyUsage,
        run: (input) => search(context, input, "usage"),
      },
    },
  ];
}
