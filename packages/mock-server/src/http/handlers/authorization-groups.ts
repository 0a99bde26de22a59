import { OPERATION_PERMISSIONS } from "@keywarden/rules";
import { groupAssignmentProblem, mayAssign } from "../../keys/authorization-groups.js";
import { InvalidKeyInputError } from "../../keys/errors.js";
import type { KeyInput } from "../../keys/model.js";
import { json } from "../responses.js";
import type { KeyServiceRoute, Principal, ServiceContext } from "../route.js";
import type { RouteEntry } from "../router.js";

/**
 * `GET /api/api-keys/authorization-groups` (documented profile): the groups the caller may assign.
 * Listed before the `/api/api-keys/:id` routes, so the literal path wins as the spec says.
 */
export function authorizationGroupRoutes(context: ServiceContext): RouteEntry<KeyServiceRoute>[] {
  if (!context.profile.extensions) return [];
  const { store } = context;
  return [
    {
      method: "GET",
      path: "/api/api-keys/authorization-groups",
      handler: {
        access: OPERATION_PERMISSIONS.listAuthorizationGroups,
        run: (_input, { authorities }) =>
          json(
            store.groups
              .all()
              .filter((group) => mayAssign(group, authorities))
              .map(({ name, description, permissions, builtIn }) => ({
                name,
                description,
                permissions,
                builtIn,
              })),
          ),
      },
    },
  ];
}

/**
 * Checks that the caller may give a key the group its input names (documented profile).
 * @throws {InvalidKeyInputError} naming `authorizationGroup`, for an unknown group or one granting
 *   more than the caller holds.
 */
export function checkGroupAssignment(context: ServiceContext, input: KeyInput, principal: Principal): void {
  if (!context.profile.extensions) return;
  const problem = groupAssignmentProblem(
    input.authorizationGroup,
    context.store.groups,
    principal.authorities,
    principal.user.permissions,
  );
  if (problem) throw new InvalidKeyInputError("authorizationGroup", problem);
}
