/**
 * The webhook settings: where to send (`KEYWARDEN_WEBHOOK_URLS`), the signing secret (given, or read
 * from a Vault path like the rotator's own key), which events, and the delivery retries. No message
 * repeats a URL (one may carry a token in its path) or the secret.
 */
import { z } from "zod";
import { WEBHOOK_EVENTS, type WebhookEventType } from "../webhooks/events.js";
import { isWebhookSecret } from "../webhooks/sign.js";
import type { WebhookConfig } from "./types.js";

/** `KEYWARDEN_WEBHOOK_URLS`: one or more http(s) URLs, comma- or space-separated. */
export const webhookUrls = z.string().transform((text, ctx) => {
  const urls = text.split(/[\s,]+/).filter((entry) => entry !== "");
  urls.forEach((entry, index) => {
    const parsed = URL.canParse(entry) ? new URL(entry) : undefined;
    const where = `KEYWARDEN_WEBHOOK_URLS entry ${index + 1}`;
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      ctx.addIssue({ code: "custom", message: `${where} must be an http:// or https:// URL` });
    } else if (parsed.username !== "" || parsed.password !== "") {
      ctx.addIssue({
        code: "custom",
        message: `${where} must not contain a user name or password (the value is not shown); receivers authenticate deliveries by their signature`,
      });
    }
  });
  return urls;
});

/** `KEYWARDEN_WEBHOOK_EVENTS`: a comma-separated subset of the catalogue. */
export const webhookEvents = z.string().transform((text, ctx) => {
  const names = text.split(/[\s,]+/).filter((entry) => entry !== "");
  for (const name of names) {
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(name)) {
      ctx.addIssue({
        code: "custom",
        message: `KEYWARDEN_WEBHOOK_EVENTS: unknown event "${name}"; events are ${WEBHOOK_EVENTS.join(", ")}`,
      });
    }
  }
  return names as WebhookEventType[];
});

/** The raw webhook settings, as parsed by the schema. */
export interface RawWebhookSettings {
  readonly KEYWARDEN_WEBHOOK_URLS?: readonly string[] | undefined;
  readonly KEYWARDEN_WEBHOOK_SECRET?: string | undefined;
  readonly KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH?: string | undefined;
  readonly KEYWARDEN_WEBHOOK_EVENTS?: readonly WebhookEventType[] | undefined;
  readonly KEYWARDEN_WEBHOOK_ATTEMPTS: number;
  readonly KEYWARDEN_WEBHOOK_BACKOFF: number;
}

/** The webhook configuration, or undefined when no URL is set; one problem line per mistake. */
export function pickWebhooks(raw: RawWebhookSettings, problems: string[]): WebhookConfig | undefined {
  const urls = raw.KEYWARDEN_WEBHOOK_URLS ?? [];
  const given = raw.KEYWARDEN_WEBHOOK_SECRET;
  const path = raw.KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH;
  if (urls.length === 0) {
    if (given || path || raw.KEYWARDEN_WEBHOOK_EVENTS) {
      problems.push("KEYWARDEN_WEBHOOK_URLS is required with the other KEYWARDEN_WEBHOOK_* settings");
    }
    return undefined;
  }
  if (given && path) {
    problems.push("Set only one of KEYWARDEN_WEBHOOK_SECRET and KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH");
    return undefined;
  }
  if (!given && !path) {
    problems.push(
      "KEYWARDEN_WEBHOOK_URLS needs a signing secret: set KEYWARDEN_WEBHOOK_SECRET_VAULT_PATH (a Vault path holding {secret}) or KEYWARDEN_WEBHOOK_SECRET (whsec_ followed by base64)",
    );
    return undefined;
  }
  if (given && !isWebhookSecret(given)) {
    problems.push(
      "KEYWARDEN_WEBHOOK_SECRET must be whsec_ followed by at least 16 bytes in base64 (the value is not shown)",
    );
    return undefined;
  }
  return {
    urls,
    secret: given ? { kind: "value", value: given } : { kind: "vault", path: path as string },
    ...(raw.KEYWARDEN_WEBHOOK_EVENTS ? { events: raw.KEYWARDEN_WEBHOOK_EVENTS } : {}),
    attempts: raw.KEYWARDEN_WEBHOOK_ATTEMPTS,
    backoffMs: raw.KEYWARDEN_WEBHOOK_BACKOFF,
  };
}
