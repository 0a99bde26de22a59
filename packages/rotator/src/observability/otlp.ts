/**
 * Turns tracing on when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and `OTEL_SDK_DISABLED` is not `true`): spans are
 * batched and exported over OTLP/HTTP in the background (the exporter reads the other
 * `OTEL_EXPORTER_OTLP_*` variables: headers, timeout), so an exporter that is slow or down never
 * holds up a rotation. Otherwise nothing is registered, the API's spans are no-ops, and BullMQ gets
 * no telemetry at all (its queues and workers then skip every tracing call).
 */
import { context, propagation, type TracerProvider, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Telemetry } from "bullmq";
import { BullMQOtel } from "bullmq-otel";
import { within } from "../within.js";

/** Registered tracing, to hand to the queues and to flush and stop at shutdown. */
export interface Tracing {
  /** BullMQ's telemetry (bullmq-otel): producer spans on `add`, a consumer span per job run. */
  readonly queueTelemetry: Telemetry;
  /** Flushes the spans (at most `deadlineMs`) and unregisters everything. */
  shutdown(deadlineMs: number): Promise<void>;
}

/** Whether the environment asks for traces. */
export function wantsOtlpTracing(env: Record<string, string | undefined>): boolean {
  if ((env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Registers the OTLP/HTTP exporter globally when the environment asks for it. */
export function startOtlpTracing(env: Record<string, string | undefined>): Tracing | undefined {
  if (!wantsOtlpTracing(env)) return undefined;
  return registerTracing(
    new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] }),
  );
}

/**
 * Registers `provider` globally with the two pieces that make one story of BullMQ's spans and the
 * rotator's: an AsyncLocalStorage context manager, so a span active around a callback parents the
 * spans started in it across `await`s (the scan's span parents its `addBulk`, a job's consumer
 * span is what a rotation links to); and the W3C trace-context propagator, since bullmq-otel
 * carries the producer's span to the consumer as a `traceparent` in the job's options (with no
 * propagator it would carry nothing, and each consumer span would start a trace of its own).
 * Tests register an in-memory provider the same way.
 */
export function registerTracing(provider: TracerProvider & { shutdown(): Promise<void> }): Tracing {
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    queueTelemetry: new BullMQOtel({ tracerName: "bullmq" }),
    async shutdown(deadlineMs) {
      await within(deadlineMs, provider.shutdown(), undefined);
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
