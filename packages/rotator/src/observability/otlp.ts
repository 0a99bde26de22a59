/**
 * Turns tracing on when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and `OTEL_SDK_DISABLED` is not `true`): spans are
 * batched and exported over OTLP/HTTP in the background (the exporter reads the other
 * `OTEL_EXPORTER_OTLP_*` variables: headers, timeout), so an exporter that is slow or down never
 * holds up a rotation. Otherwise nothing is registered and the API's spans are no-ops.
 */
import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** Registered tracing, to flush and stop at shutdown; undefined when tracing is off. */
export interface OtlpTracing {
  shutdown(deadlineMs: number): Promise<void>;
}

/** Whether the environment asks for traces. */
export function wantsOtlpTracing(env: Record<string, string | undefined>): boolean {
  if ((env.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Registers the OTLP/HTTP exporter globally when the environment asks for it. */
export function startOtlpTracing(env: Record<string, string | undefined>): OtlpTracing | undefined {
  if (!wantsOtlpTracing(env)) return undefined;
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        provider.shutdown().catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deadlineMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
