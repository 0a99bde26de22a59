import { ValidationError } from "./http-errors.js";

/** One input the SDK refused: where it is (`allowedIp[1]`) and what is wrong with it. */
export interface FieldIssue {
  /** Dotted path of the bad field inside the call's input, e.g. `allowedIp[1]` or `filters[0].value`. */
  field: string;
  /** What is wrong, in words a caller can act on. */
  message: string;
}

/**
 * Input refused by the SDK before any request left: the message lists every bad field, and `issues`
 * holds them one by one. Nothing was sent, so `status` is undefined.
 */
export class KeywardenValidationError extends ValidationError {
  /** Every bad field, in input order. */
  readonly issues: readonly FieldIssue[];

  constructor(operation: string, issues: readonly FieldIssue[]) {
    const list = issues.map((i) => `${i.field || "(input)"}: ${i.message}`).join("; ");
    super(`Invalid input to ${operation}: ${list}`);
    this.issues = issues.map((i) => ({ ...i }));
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
