/**
 * One request made with an API key, as UTMStack's `ApiKeyUsageLog` document (every field a string;
 * or null). An unknown key leaves `apiKeyId`, `apiKeyName` and `userId` null.
 */
export interface ApiKeyUsageLog {
  id: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
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

/** UTMStack cuts the logged request body at this many characters. */
export const MAX_LOGGED_PAYLOAD = 2000;
