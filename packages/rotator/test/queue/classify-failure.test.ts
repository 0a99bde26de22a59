import { describe, expect, it } from "vitest";
import {
  CasMismatchError,
  NameTakenError,
  PermanentError,
  RateLimitedError,
  TransientError,
} from "../../src/port-errors.js";
import { BUSY_RETRY_MS, classifyFailure } from "../../src/queue/classify-failure.js";
import { ClaimLostError, KeyBusyError } from "../../src/rotation/claim.js";
import { RotationInterruptedError } from "../../src/rotation/context.js";

const early = { made: 0, allowed: 8 };
const last = { made: 7, allowed: 8 };

describe("classifyFailure", () => {
  it("requeues an interrupted rotation without using an attempt", () => {
    expect(classifyFailure(new RotationInterruptedError("store"), last)).toEqual({
      action: "requeue",
      delayMs: 0,
    });
  });

  it("turns 429 into a queue pause, even on the last attempt", () => {
    expect(classifyFailure(new RateLimitedError("slow down", 1500), last)).toEqual({
      action: "rate-limit",
      retryAfterMs: 1500,
      reason: "slow down",
    });
    expect(classifyFailure(new RateLimitedError("slow down", 0), early)).toMatchObject({ retryAfterMs: 1 });
  });

  it("keeps URL credentials out of every reason (reasons are logged and stored in Redis)", () => {
    const leaky = "list keys: cannot fetch http://user:pw123@host/api/api-keys";
    for (const error of [
      new PermanentError(leaky),
      new RateLimitedError(leaky, 10),
      new TransientError(leaky),
      new Error(leaky),
    ]) {
      for (const attempt of [early, last]) {
        const disposition = classifyFailure(error, attempt);
        expect("reason" in disposition && disposition.reason).toContain(
          "http://[redacted]@host/api/api-keys",
        );
        expect(JSON.stringify(disposition)).not.toContain("pw123");
      }
    }
  });

  it("stops at once on permanent errors (name taken included)", () => {
    expect(classifyFailure(new PermanentError("403 Forbidden"), early)).toEqual({
      action: "needs-attention",
      reason: "403 Forbidden",
      cause: "permanent",
    });
    expect(classifyFailure(new NameTakenError("taken"), early).action).toBe("needs-attention");
  });

  it("retries transient errors, CAS conflicts and unknown errors until the last attempt", () => {
    expect(classifyFailure(new TransientError("503"), early)).toEqual({ action: "retry", reason: "503" });
    expect(classifyFailure(new CasMismatchError("cas"), early).action).toBe("retry");
    expect(classifyFailure(new Error("bug?"), early).action).toBe("retry");
    expect(classifyFailure(new TransientError("503"), last)).toEqual({
      action: "needs-attention",
      reason: "gave up after 8 attempts: 503",
      cause: "transient",
    });
  });

  it("sends a rotation whose key another rotation holds back to the queue, without using an attempt", () => {
    for (const error of [new KeyBusyError("billing"), new ClaimLostError("billing")]) {
      const disposition = classifyFailure(error, last);
      expect(disposition).toMatchObject({ action: "requeue" });
      expect("delayMs" in disposition && disposition.delayMs).toBeGreaterThanOrEqual(BUSY_RETRY_MS / 2);
    }
  });

  it("caps Retry-After, and counts 429s as attempts once the rotation's pause budget is spent", () => {
    const bounds = { maxRetryAfterMs: 900_000, budgetMs: 3_600_000, spentMs: 0 };
    expect(classifyFailure(new RateLimitedError("slow", 86_400_000), early, bounds)).toMatchObject({
      action: "rate-limit",
      retryAfterMs: 900_000,
    });
    const spent = { ...bounds, spentMs: 3_000_000 };
    expect(classifyFailure(new RateLimitedError("slow", 600_000), early, spent)).toMatchObject({
      action: "rate-limit",
    });
    expect(classifyFailure(new RateLimitedError("slow", 600_001), early, spent)).toEqual({
      action: "retry",
      reason: "slow",
    });
    expect(classifyFailure(new RateLimitedError("slow", 900_000), last, spent)).toMatchObject({
      action: "needs-attention",
      cause: "transient",
    });
  });
});
