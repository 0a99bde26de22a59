/**
 * The two optional files: the settings file (`KEYWARDEN_CONFIG_FILE`, JSON or YAML, the same keys
 * as the environment) and the policy file (`KEYWARDEN_POLICY_FILE`, per-key rules by name pattern).
 */
import { readFileSync } from "node:fs";
import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { PolicyRule } from "../rotation/policy.js";
import { duration } from "./schema.js";

/** The file's values as strings, as the environment would give them. */
export function stringValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

/** Reads a JSON (`.json`) or YAML file holding an object; a problem is added when it cannot. */
export function readSettingsFile(path: string, setting: string, problems: string[]): Record<string, unknown> {
  try {
    const text = readFileSync(path, "utf8");
    const data: unknown = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      problems.push(`${setting}: ${path} must contain an object`);
      return {};
    }
    return data as Record<string, unknown>;
  } catch (error) {
    problems.push(`${setting}: cannot read ${path} (${describeReadError(error)})`);
    return {};
  }
}

/**
 * Why a settings file could not be read, without its content: V8's JSON errors and yaml's errors
 * quote the text around the mistake, and that text may be a password.
 */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === "string" && code.startsWith("E") && !(error instanceof SyntaxError)) return code;
  const linePos = (error as { linePos?: readonly { line: number; col: number }[] }).linePos?.[0];
  if (linePos) return `not valid YAML at line ${linePos.line}, column ${linePos.col}`;
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  if (error instanceof SyntaxError) return `not valid JSON${position ? ` at position ${position}` : ""}`;
  return "unreadable";
}

const GROUP_NAME = SCHEMA_CONSTRAINTS.AuthorizationGroupName;

const GROUP_NAME_MESSAGE = `authorizationGroup must be a group name like "search-only" (${GROUP_NAME.minLength} to ${GROUP_NAME.maxLength} letters, digits, ".", "_" or "-", starting with a letter or digit)`;
/**
 * A group name as the contract spells it (`AuthorizationGroupName`). Whether the group exists and
 * the rotator's user may assign it only the key service knows: a bad one fails the rotation's
 * create step (needs attention, nothing created, the old key untouched).
 */
const groupName = z
  .string(GROUP_NAME_MESSAGE)
  .min(GROUP_NAME.minLength, GROUP_NAME_MESSAGE)
  .max(GROUP_NAME.maxLength, GROUP_NAME_MESSAGE)
  .regex(new RegExp(GROUP_NAME.pattern), GROUP_NAME_MESSAGE);

const policyFileSchema = z.object({
  policies: z.array(
    z
      .object({
        match: z.string().min(1, 'match must be a glob like "billing-*"'),
        window: duration("window").optional(),
        lifetime: duration("lifetime").optional(),
        path: z
          .string()
          .refine((template) => template.includes("{name}"), "path must contain {name}")
          .optional(),
        gracePeriod: duration("gracePeriod").optional(),
        skip: z.boolean().optional(),
        authorizationGroup: groupName.optional(),
      })
      .strict(),
  ),
});

/** The rules of a policy file, or none (and a problem per bad entry). */
export function loadPolicyFile(path: string, problems: string[]): PolicyRule[] {
  const before = problems.length;
  const data = readSettingsFile(path, "KEYWARDEN_POLICY_FILE", problems);
  if (problems.length > before) return [];
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`KEYWARDEN_POLICY_FILE ${issue.path.join(".")}: ${issue.message}`);
    return [];
  }
  return parsed.data.policies.map((rule) =>
    Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)),
  ) as unknown as PolicyRule[];
}
