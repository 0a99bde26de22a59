import { API_KEY_STATUSES, EXPIRY_STATES, OPERATION_PERMISSIONS } from "@keywarden/rules";
import type { MockReply } from "../../exchange/reply.js";
import type { ApiKeyRecord, ExpiryState, KeyStatus } from "../../keys/model.js";
import { expiryStateOf } from "../../keys/rules.js";
import { BadRequestError } from "../errors.js";
import { listLinkHeader } from "../link-header.js";
import { parsePageable, type SortOrder } from "../pageable.js";
import type { KeyOperation } from "../profiles/profile.js";
import { readJsonBody, readKeyId } from "../request-body.js";
import { json, noContent } from "../responses.js";
import type { KeyServiceRoute, RouteInput, ServiceContext } from "../route.js";
import type { RouteEntry } from "../router.js";
import { checkGroupAssignment } from "./authorization-groups.js";

const STATUSES: readonly KeyStatus[] = API_KEY_STATUSES;

function sortValue(key: ApiKeyRecord, property: string): string | number | null {
  switch (property) {
    case "allowedIp":
      return key.allowedIp?.join(",") ?? null;
    case "apiKey":
      return key.secretHash;
    default:
      return (key as unknown as Record<string, string | number | null>)[property] ?? null;
  }
}

// PostgreSQL's default: nulls last when ascending, first when descending; ties in id order
function keyComparator(orders: readonly SortOrder[]) {
  return (a: ApiKeyRecord, b: ApiKeyRecord): number => {
    for (const { property, direction } of orders) {
      const left = sortValue(a, property);
      const right = sortValue(b, property);
      if (left === right) continue;
      let result: number;
      if (left === null) result = 1;
      else if (right === null) result = -1;
      else result = left < right ? -1 : 1;
      return direction === "desc" ? -result : result;
    }
    return a.id - b.id;
  };
}

/** Runs a key operation and translates its failure through the profile. */
function guarded(context: ServiceContext, operation: KeyOperation, run: () => MockReply): MockReply {
  try {
    return run();
  } catch (error) {
    return context.profile.errorResponse(error, operation);
  }
}

function listKeys(context: ServiceContext, input: RouteInput, userId: number): MockReply {
  const { profile } = context;
  const { searchParams } = input.url;
  const pageable = parsePageable(searchParams);
  for (const { property } of pageable.sort) {
    if (!profile.sortableKeyProperties.has(property)) {
      throw new BadRequestError(
        `sort: unknown property "${property}"; sortable: ${[...profile.sortableKeyProperties].join(", ")}`,
        `ApiKeyService.listApiKeys: No property '${property}' found for type 'ApiKey'!`,
      );
    }
  }
  const filtered =
    profile.extensions &&
    (searchParams.get("status") !== null ||
      searchParams.get("expiry") !== null ||
      searchParams.get("authorizationGroup") !== null);
  const idOrder =
    pageable.sort.length === 0 ||
    (pageable.sort.length === 1 &&
      pageable.sort[0]!.property === "id" &&
      pageable.sort[0]!.direction === "asc");
  if (idOrder && !filtered) {
    // The default listing: a slice of the id-ordered index, so paging through N keys stays O(N).
    const { page, size } = pageable;
    const { items, total } = context.store.keys.pageForUser(userId, page * size, size);
    return json(
      items.map((key) => profile.keyBody(key)),
      200,
      { "x-total-count": String(total), link: listLinkHeader(input.url, page, size, total) },
    );
  }
  let keys = context.store.keys.listForUser(userId);
  if (profile.extensions) {
    const status = searchParams.get("status");
    if (status !== null) {
      if (!STATUSES.includes(status as KeyStatus)) {
        throw new BadRequestError(`status: must be one of ${STATUSES.join(", ")}, got "${status}"`);
      }
      keys = keys.filter((key) => key.status === status);
    }
    const expiry = searchParams.get("expiry");
    if (expiry !== null) {
      if (!EXPIRY_STATES.includes(expiry as ExpiryState)) {
        throw new BadRequestError(`expiry: must be one of ${EXPIRY_STATES.join(", ")}, got "${expiry}"`);
      }
      keys = keys.filter((key) => expiryStateOf(key, input.now) === expiry);
    }
    const group = searchParams.get("authorizationGroup");
    if (group !== null) keys = keys.filter((key) => key.authorizationGroup === group);
  }
  keys.sort(keyComparator(pageable.sort));
  const { page, size } = pageable;
  const slice = keys.slice(page * size, page * size + size);
  return json(
    slice.map((key) => profile.keyBody(key)),
    200,
    {
      "x-total-count": String(keys.length),
      link: listLinkHeader(input.url, page, size, keys.length),
    },
  );
}

/** The `/api/api-keys` routes: create, list, get, update, delete, generate and (documented) revoke. */
export function apiKeyRoutes(context: ServiceContext): RouteEntry<KeyServiceRoute>[] {
  const { store, profile } = context;
  const root = "/api/api-keys";
  const routes: RouteEntry<KeyServiceRoute>[] = [
    {
      method: "POST",
      path: root,
      handler: {
        access: OPERATION_PERMISSIONS.createApiKey,
        run: (input, principal) =>
          guarded(context, "createApiKey", () => {
            const keyInput = profile.readKeyInput(readJsonBody(input), input.now, "createApiKey");
            checkGroupAssignment(context, keyInput, principal);
            return json(profile.keyBody(store.keys.create(principal.user.id, keyInput, input.now)), 201);
          }),
      },
    },
    {
      method: "GET",
      path: root,
      handler: {
        access: OPERATION_PERMISSIONS.listApiKeys,
        run: (input, { user }) => guarded(context, "listApiKeys", () => listKeys(context, input, user.id)),
      },
    },
    {
      method: "GET",
      path: `${root}/:id`,
      handler: {
        access: OPERATION_PERMISSIONS.getApiKey,
        run: (input, { user }) =>
          guarded(context, "getApiKey", () =>
            json(profile.keyBody(store.keys.get(user.id, readKeyId(input.params.id)))),
          ),
      },
    },
    {
      method: "PUT",
      path: `${root}/:id`,
      handler: {
        access: OPERATION_PERMISSIONS.updateApiKey,
        run: (input, principal) =>
          guarded(context, "updateApiKey", () => {
            const id = readKeyId(input.params.id);
            const body = profile.readKeyInput(readJsonBody(input), input.now, "updateApiKey");
            checkGroupAssignment(context, body, principal);
            return json(profile.keyBody(store.keys.update(principal.user.id, id, body)));
          }),
      },
    },
    {
      method: "DELETE",
      path: `${root}/:id`,
      handler: {
        access: OPERATION_PERMISSIONS.deleteApiKey,
        run: (input, { user }) =>
          guarded(context, "deleteApiKey", () => {
            store.keys.delete(user.id, readKeyId(input.params.id));
            return noContent();
          }),
      },
    },
    {
      method: "POST",
      path: `${root}/:id/generate`,
      handler: {
        access: OPERATION_PERMISSIONS.generateApiKey,
        run: (input, { user }) =>
          guarded(context, "generateApiKey", () => {
            const { secret } = store.keys.generate(user.id, readKeyId(input.params.id), input.now);
            const accept = input.request.headers.get("accept");
            return {
              status: 200,
              headers: { "content-type": profile.secretContentType(accept) },
              body: secret,
            };
          }),
      },
    },
  ];
  if (profile.extensions) {
    routes.push({
      method: "POST",
      path: `${root}/:id/revoke`,
      handler: {
        access: OPERATION_PERMISSIONS.revokeApiKey,
        run: (input, { user }) =>
          guarded(context, "revokeApiKey", () =>
            json(profile.keyBody(store.keys.revoke(user.id, readKeyId(input.params.id)))),
          ),
      },
    });
  }
  return routes;
}
