/**
 * A request the handlers cannot read (bad JSON, a missing parameter, a non-numeric id, a bad
 * filter...). `reason` is the clear message the documented profile sends with its 400;
 * `springMessage` is what UTMStack v11's 500 would carry instead.
 */
export class BadRequestError extends Error {
  constructor(
    readonly reason: string,
    readonly springMessage: string = reason,
  ) {
    super(reason);
  }
}
