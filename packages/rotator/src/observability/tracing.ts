/**
 * Traces of rotations through `@opentelemetry/api`: each rotation is one trace, each of its steps a
 * span under a `rotation` span per run (a retry or a run after the grace period joins the same
 * trace, whose root is kept in the job as ids), linked to the scan that enqueued it. Attributes are
 * ids, names, steps, outcomes and attempts, never a secret. Without a registered provider the API
 * hands out no-op spans, so tracing costs next to nothing until `startOtlpTracing` turns it on.
 */
import {
  type Context,
  context,
  isSpanContextValid,
  type Link,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { StepEvent } from "../rotation/context.js";
import { redactCredentials } from "./redact.js";

/** A span's ids, as kept in job data to parent or link across processes. */
export interface SpanRef {
  readonly traceId: string;
  readonly spanId: string;
}

const TRACER = "@keywarden/rotator";
const tracer = () => trace.getTracer(TRACER);

/** The ids of `span`, or undefined for a no-op span (tracing off). */
export function spanRef(span: Span): SpanRef | undefined {
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : undefined;
}

function remote(ref: SpanRef): Context {
  return trace.setSpanContext(context.active(), { ...ref, traceFlags: 1, isRemote: true });
}

/** A scan's span: `ref` goes into the jobs it enqueues, for their traces to link to. */
export interface ScanTrace {
  readonly ref: SpanRef | undefined;
  /** Runs the scan with its span active, so the queue's producer spans (`addBulk`) fall under it. */
  within<T>(scan: () => Promise<T>): Promise<T>;
  end(error?: unknown): void;
}

/** Starts a scan's span (under the scan job's consumer span when a worker runs it). */
export function startScanSpan(reason: string): ScanTrace {
  const span = tracer().startSpan("scan", {
    kind: SpanKind.INTERNAL,
    attributes: { "keywarden.scan.reason": reason },
  });
  const inScan = trace.setSpan(context.active(), span);
  return {
    ref: spanRef(span),
    within: (scan) => context.with(inScan, scan),
    end(error) {
      if (error !== undefined) fail(span, error);
      span.end();
    },
  };
}

/** What a rotation run's trace needs to know of its job. */
export interface TracedJob {
  readonly jobId: string;
  readonly keyId: string;
  readonly name: string;
  readonly attempt: number;
  /** The rotation's root span, from an earlier run. */
  readonly trace?: SpanRef | undefined;
  /** The scan that enqueued it. */
  readonly scanTrace?: SpanRef | undefined;
}

/** One run of a rotation: its span, a child span per step, and its end. */
export interface RotationRunTrace {
  /** Set when this run started the rotation's trace: to keep in the job for later runs. */
  readonly root: SpanRef | undefined;
  /** Runs the rotation with its span active: spans started inside (webhooks queued) fall under it. */
  within<T>(run: () => Promise<T>): Promise<T>;
  step(event: StepEvent): void;
  end(error?: unknown): void;
}

/** Starts the span of one rotation run (the trace's root on the first run). */
export function traceRotationRun(job: TracedJob): RotationRunTrace {
  const attributes = {
    "keywarden.job.id": job.jobId,
    "keywarden.key.id": job.keyId,
    "keywarden.key.name": job.name,
    "keywarden.rotation.attempt": job.attempt,
  };
  const links: Link[] = job.scanTrace
    ? [
        {
          context: { ...job.scanTrace, traceFlags: 1, isRemote: true },
          attributes: { "keywarden.link": "scan" },
        },
      ]
    : [];
  // The span active here is the job's consumer span (bullmq-otel's `process`, when tracing is on).
  // Linked, not the parent: it lives in the trace of whatever enqueued the job (a scan), while each
  // rotation keeps one trace of its own across all its runs.
  const consumer = trace.getActiveSpan()?.spanContext();
  if (consumer && isSpanContextValid(consumer)) {
    links.push({ context: consumer, attributes: { "keywarden.link": "consumer" } });
  }
  const parent = job.trace ? remote(job.trace) : undefined;
  const span = tracer().startSpan(
    "rotation",
    { kind: SpanKind.CONSUMER, attributes, links, ...(parent ? {} : { root: true }) },
    parent,
  );
  const inRun = trace.setSpan(context.active(), span);
  return {
    root: job.trace ? undefined : spanRef(span),
    within: (run) => context.with(inRun, run),
    step(event) {
      const now = Date.now();
      const stepSpan = tracer().startSpan(
        `rotation.${event.step}`,
        {
          startTime: now - event.durationMs,
          attributes: {
            ...attributes,
            "keywarden.rotation.step": event.step,
            "keywarden.rotation.step.outcome": event.outcome,
          },
        },
        inRun,
      );
      if (event.outcome === "failed") {
        stepSpan.setStatus({
          code: SpanStatusCode.ERROR,
          message: redactCredentials(event.detail ?? "failed"),
        });
      }
      stepSpan.end(now);
    },
    end(error) {
      if (error !== undefined) fail(span, error);
      span.end();
    },
  };
}

function fail(span: Span, error: unknown): void {
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: redactCredentials(error instanceof Error ? error.message : String(error)),
  });
}
