import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import Denque from "denque";

/**
 * One request made with an API key, as UTMStack's `ApiKeyUsageLog` document (every field a string;
 * or null). An unknown key leaves `apiKeyId`, `apiKeyName` and `userId` null.
 */
export interface ApiKeyUsageLog {
  id: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  /** The key's public id (documented profile only; null for an unknown key). */
  keyId?: string | null;
  userId: string | null;
  timestamp: string;
  endpoint: string;
  address: string;
  errorMessage: string | null;
  queryParams: string | null;
  payload: string | null;
  userAgent: string | null;
  httpMethod: string;
  statusCode: string;
}

/** UTMStack cuts the logged request body at this many characters (the spec's `ApiKeyUsageLog.payload`). */
export const MAX_LOGGED_PAYLOAD = SCHEMA_CONSTRAINTS.ApiKeyUsageLog.payload.maxLength;

/** How many usage documents the mock keeps by default; older ones are dropped first. */
export const DEFAULT_USAGE_LOG_LIMIT = 10_000;
/** Every other string field of a usage document is cut at this many characters. */
export const MAX_LOGGED_FIELD = 1000;

/**
 * The usage index: a ring buffer of the last `limit` documents, so a flood of requests (refused
 * keys included, which UTMStack logs too) costs a bounded amount of memory.
 */
export class UsageLog {
  private readonly ring = new Denque<ApiKeyUsageLog>();
  // the oldest-first array that searches scan, rebuilt only after a write
  private ordered: ApiKeyUsageLog[] | undefined = [];

  constructor(readonly limit: number = DEFAULT_USAGE_LOG_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`The usage log limit must be a positive integer, got ${limit}`);
    }
  }

  /** Adds a document, dropping the oldest when the log is full. */
  append(entry: ApiKeyUsageLog): void {
    this.ring.push(entry);
    if (this.ring.size() > this.limit) this.ring.shift();
    this.ordered = undefined;
  }

  get size(): number {
    return this.ring.size();
  }

  /** The documents, oldest first. */
  documents(): readonly ApiKeyUsageLog[] {
    this.ordered ??= this.ring.toArray();
    return this.ordered;
  }

  clear(): void {
    this.ring.clear();
    this.ordered = [];
  }
}

/**
 * At most `max` characters of a logged text, held in a string of its own: a slice of a request's text
 * would keep the whole request (a 1 MiB body, say) alive for as long as the document lives.
 */
export function loggedText(text: string, max: number = MAX_LOGGED_FIELD): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  if (cut.length > MAX_SHARED_LENGTH) return copied(cut);
  // Documents repeat the same few paths, addresses, agents and statuses: they share one copy of
  // each, so ten thousand kept documents are ten thousand small objects for the garbage collector to
  // walk, not a hundred thousand strings (a cost every request paid under load).
  let shared = sharedTexts.get(cut);
  if (shared === undefined) {
    if (sharedTexts.size >= MAX_SHARED_TEXTS) sharedTexts.clear();
    shared = copied(cut);
    sharedTexts.set(shared, shared);
  }
  return shared;
}

const MAX_SHARED_LENGTH = 256;
const MAX_SHARED_TEXTS = 4096;
const sharedTexts = new Map<string, string>();

// UTF-16 round trip: copies every code unit as it is, lone surrogates included
function copied(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}
