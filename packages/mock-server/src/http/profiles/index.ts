import { documentedProfile } from "./documented.js";
import type { Profile, ProfileName } from "./profile.js";
import { utmstackV11Profile } from "./utmstack-v11.js";

export type { KeyOperation, Profile, ProfileName, SearchRoute } from "./profile.js";

const PROFILES: Record<ProfileName, Profile> = {
  documented: documentedProfile,
  "utmstack-v11": utmstackV11Profile,
};

/** The profile names the mock knows. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** Looks a profile up by name. @throws {TypeError} listing the known names. */
export function profileNamed(name: string): Profile {
  const profile = PROFILES[name as ProfileName];
  if (!profile) throw new TypeError(`Unknown profile "${name}"; use one of ${PROFILE_NAMES.join(", ")}`);
  return profile;
}
