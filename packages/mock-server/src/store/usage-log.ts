import { SCHEMA_CONSTRAINTS } from "@keywarden/rules";
import { drawUuidBytes, type RandomBytes, secureRandomBytes, uuidText } from "../random.js";

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
 * A usage document as the recorder hands it in: its texts already cut and shared (see
 * {@link loggedText}), its time still a number. The log gives it its id.
 */
export type UsageEntry = Omit<ApiKeyUsageLog, "id" | "timestamp" | "keyId"> & {
  /** Undefined when the document has no `keyId` field (utmstack-v11). */
  keyId: string | null | undefined;
  /** Epoch milliseconds. */
  time: number;
};

/** A kept entry: rewritten in place for a newer one once the log is full. */
type UsageRecord = UsageEntry & {
  /** The document as searches read it, built at the first read after the entry was written. */
  document: ApiKeyUsageLog | undefined;
};

/**
 * The usage index: a ring of the last `limit` documents, so a flood of requests (refused keys
 * included, which UTMStack logs too) costs a bounded amount of memory: at most `limit` records of
 * fourteen fields and 16 bytes of id each, plus the documents read from them (as many again).
 *
 * A document is kept as a record of shared texts and numbers, and once the ring is full its oldest
 * record is rewritten in place: an API-key request adds no object of its own to the heap for the
 * garbage collector to copy and promote (a document object and its id string did, every request).
 * The document, its id and timestamp written out, is built when a search or a test first reads it,
 * and kept until its record is rewritten.
 */
export class UsageLog {
  private readonly records: UsageRecord[] = [];
  // the ids' random bytes, 16 per record, by record index; grown as the ring fills
  private idBytes = new Uint8Array(16 * 64);
  // the record the next entry is written to
  private next = 0;
  // the documents the last read returned, oldest first, and how many were written since
  private ordered: ApiKeyUsageLog[] = [];
  private writtenSinceRead = 0;

  constructor(
    readonly limit: number = DEFAULT_USAGE_LOG_LIMIT,
    /** Source of the documents' ids. */
    private readonly random: RandomBytes = secureRandomBytes,
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`The usage log limit must be a positive integer, got ${limit}`);
    }
  }

  /** Adds a document, dropping the oldest when the log is full. */
  append(entry: UsageEntry): void {
    const index = this.next;
    const record = this.records[index];
    if (record === undefined) this.records.push(rewrite(blankRecord(), entry));
    else rewrite(record, entry);
    if (this.idBytes.length < 16 * (index + 1)) this.growIds();
    drawUuidBytes(this.random, this.idBytes, 16 * index);
    this.next = index + 1 === this.limit ? 0 : index + 1;
    this.writtenSinceRead++;
  }

  private growIds(): void {
    const grown = new Uint8Array(Math.min(2 * this.idBytes.length, 16 * this.limit));
    grown.set(this.idBytes);
    this.idBytes = grown;
  }

  get size(): number {
    return this.records.length;
  }

  /** The documents, oldest first. */
  documents(): readonly ApiKeyUsageLog[] {
    const count = this.records.length;
    const written = this.writtenSinceRead;
    if (written === 0) return this.ordered;
    // the last read's documents that are still kept, then the ones written since: a read after a
    // few writes builds only those (a new array, as a search may still hold the previous one)
    const kept = written < count ? this.ordered.slice(this.ordered.length + written - count) : [];
    for (let i = count - kept.length; i > 0; i--) {
      const index = (this.next - i + count) % count;
      const record = this.records[index]!;
      record.document ??= documentOf(record, uuidText(this.idBytes, 16 * index));
      kept.push(record.document);
    }
    this.ordered = kept;
    this.writtenSinceRead = 0;
    return kept;
  }

  clear(): void {
    this.records.length = 0;
    this.next = 0;
    this.ordered = [];
    this.writtenSinceRead = 0;
  }
}

// Every record is made here, with the same fields in the same order and a fractional time, so that
// all records share one shape and rewriting one is a few plain stores (records made by spreading an
// entry did not share it, and rewriting them cost more than all the rest of the log).
function blankRecord(): UsageRecord {
  return {
    apiKeyId: null,
    apiKeyName: null,
    keyId: null,
    userId: null,
    time: 0.5,
    endpoint: "",
    address: "",
    errorMessage: null,
    queryParams: null,
    payload: null,
    userAgent: null,
    httpMethod: "",
    statusCode: "",
    document: undefined,
  };
}

function rewrite(record: UsageRecord, entry: UsageEntry): UsageRecord {
  record.apiKeyId = entry.apiKeyId;
  record.apiKeyName = entry.apiKeyName;
  record.keyId = entry.keyId;
  record.userId = entry.userId;
  record.time = entry.time;
  record.endpoint = entry.endpoint;
  record.address = entry.address;
  record.errorMessage = entry.errorMessage;
  record.queryParams = entry.queryParams;
  record.payload = entry.payload;
  record.userAgent = entry.userAgent;
  record.httpMethod = entry.httpMethod;
  record.statusCode = entry.statusCode;
  record.document = undefined;
  return record;
}

function documentOf(record: UsageRecord, id: string): ApiKeyUsageLog {
  return {
    id,
    apiKeyId: record.apiKeyId,
    apiKeyName: record.apiKeyName,
    ...(record.keyId === undefined ? {} : { keyId: record.keyId }),
    userId: record.userId,
    timestamp: new Date(record.time).toISOString(),
    endpoint: record.endpoint,
    address: record.address,
    errorMessage: record.errorMessage,
    queryParams: record.queryParams,
    payload: record.payload,
    userAgent: record.userAgent,
    httpMethod: record.httpMethod,
    statusCode: record.statusCode,
  };
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
