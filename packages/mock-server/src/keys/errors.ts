/** Base of the key service's rule violations; handlers translate each to a status per profile. */
export class KeyServiceError extends Error {}

/** The id is unknown, or belongs to another user (the two look the same to a caller). */
export class KeyNotFoundError extends KeyServiceError {
  constructor(readonly id: number | string) {
    super("API key not found");
  }
}

/** Another key of the same user already has this name. */
export class DuplicateKeyNameError extends KeyServiceError {
  constructor(readonly keyName: string) {
    super("Api key already exists");
  }
}

/** The user already holds the maximum number of ACTIVE keys. */
export class KeyLimitReachedError extends KeyServiceError {
  constructor(readonly limit: number) {
    super(`API key limit reached: a user may hold at most ${limit} active keys; revoke or delete one first`);
  }
}

/** The key was revoked; it can be read, listed and deleted, never generated or edited again. */
export class KeyRevokedError extends KeyServiceError {
  constructor(readonly id: number) {
    super("API key is revoked and cannot be changed or regenerated");
  }
}

/** An update tried to change a key's public id, which never changes. */
export class KeyIdChangeError extends KeyServiceError {
  constructor(readonly keyId: string) {
    super(`keyId: is immutable; send the key's own keyId (${keyId}) or leave it out`);
  }
}

/** A create/update body failed validation; `field` names the offending field. */
export class InvalidKeyInputError extends KeyServiceError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
