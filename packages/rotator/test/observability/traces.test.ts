import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  registerTracing,
  startOtlpTracing,
  type Tracing,
  wantsOtlpTracing,
} from "../../src/observability/otlp.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe("traces: one trace per rotation, one span per step, linked to the scan", () => {
  let tracing: Tracing;
  beforeAll(() => {
    // As `run` registers it, with the in-memory exporter: context manager, propagator, bullmq-otel.
    tracing = registerTracing(provider);
  });
  afterAll(async () => {
    await tracing.shutdown(2_000);
  });
  const setupLive = closedAfterEach(liveSetup);

  it("a rotation whose generate step fails once: two runs in one trace, the failing step in error", async () => {
    const live = await setupLive({
      keys: [
        { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
        { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 3 },
      ],
      telemetry: tracing.queueTelemetry,
    });
    live.mock.faults.add({ path: "/api/api-keys/:id/generate", method: "POST", status: 503, times: 1 });
    exporter.reset();
    await live.runtime.scanNow();
    await eventually(
      () => live.runtime.queues.rotations.getCompletedCount(),
      (count) => count === 2,
    );
    const spans = exporter.getFinishedSpans();
    const [scan, ...otherScans] = spans.filter((span) => span.name === "scan");
    expect(otherScans).toEqual([]);
    const of = (name: string) =>
      spans.filter(
        (span) => span.attributes["keywarden.key.name"] === name && span.name.startsWith("rotation"),
      );

    const traces = new Set(
      ["billing", "crm"].map((name) => new Set(of(name).map((span) => span.spanContext().traceId))),
    );
    // Each rotation: exactly one trace of its own, not the scan's.
    for (const ids of traces) expect(ids.size).toBe(1);
    const [billingTrace, crmTrace] = [...traces].map((ids) => [...ids][0]);
    expect(billingTrace).not.toBe(crmTrace);
    expect(billingTrace).not.toBe(scan?.spanContext().traceId);

    for (const name of ["billing", "crm"]) {
      const runs = of(name).filter((span) => span.name === "rotation");
      const steps = of(name).filter((span) => span.name !== "rotation");
      const runIds = new Set(runs.map((run) => run.spanContext().spanId));
      // The first run is the root and links to the scan; a retry joins under it.
      const [root] = runs.filter((run) => run.parentSpanContext === undefined);
      expect(linked(root, "scan")).toEqual([scan?.spanContext().spanId]);
      for (const run of runs) {
        if (run !== root) expect(run.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
      }
      for (const step of steps) {
        expect(runIds.has(String(step.parentSpanContext?.spanId))).toBe(true);
        expect(step.attributes).toMatchObject({
          "keywarden.key.id": live.ids.get(name),
          "keywarden.key.name": name,
          "keywarden.rotation.step": step.name.slice("rotation.".length),
          "keywarden.rotation.step.outcome": expect.stringMatching(/^(done|skipped|failed)$/),
          "keywarden.rotation.attempt": expect.any(Number),
        });
      }
      // One span per step of each run: observe, create, generate, store, verify, revoke, rename.
      expect(steps.filter((step) => step.name === "rotation.observe")).toHaveLength(runs.length);
      expect(steps.filter((step) => step.name === "rotation.rename")).toHaveLength(1);
    }

    const failedSteps = spans.filter((span) => span.status.code === SpanStatusCode.ERROR);
    expect(failedSteps.map((span: ReadableSpan) => span.name)).toContain("rotation.generate");
    const failed = failedSteps.find((span) => span.name === "rotation.generate");
    expect(failed?.attributes["keywarden.rotation.attempt"]).toBe(1);
    const retried = of(String(failed?.attributes["keywarden.key.name"])).filter(
      (span) => span.name === "rotation",
    );
    expect(retried).toHaveLength(2);

    // The queue side (bullmq-otel): the scan's addBulk falls under the scan span, each run of a
    // rotation job has a consumer span continuing that producer's trace, and the run's rotation
    // span links to it (a link: the rotation keeps its own trace).
    const producers = spans.filter((span) => span.name === "addBulk rotations");
    expect(producers.length).toBeGreaterThan(0);
    for (const producer of producers) {
      expect(producer.kind).toBe(SpanKind.PRODUCER);
      expect(producer.parentSpanContext?.spanId).toBe(scan?.spanContext().spanId);
      expect(producer.spanContext().traceId).toBe(scan?.spanContext().traceId);
    }
    const producerIds = new Set(producers.map((span) => span.spanContext().spanId));
    const consumers = spans.filter((span) => span.name === "process rotations");
    for (const consumer of consumers) {
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      expect(producerIds.has(String(consumer.parentSpanContext?.spanId))).toBe(true);
    }
    const runs = spans.filter((span) => span.name === "rotation");
    expect(runs).toHaveLength(3); // billing, crm, and the retry of the one whose generate failed
    expect(consumers).toHaveLength(runs.length);
    const consumerOf = new Map(consumers.map((span) => [span.spanContext().spanId, span]));
    const linkedConsumers = runs.map((run) => {
      const [consumer, ...more] = linked(run, "consumer");
      expect(more).toEqual([]);
      expect(consumerOf.get(String(consumer))?.attributes["bullmq.job.id"]).toBe(
        run.attributes["keywarden.job.id"],
      );
      return consumer;
    });
    expect(new Set(linkedConsumers).size).toBe(runs.length);
    // BullMQ records job names, ids and results (ours: ids, Vault path and version), never job
    // data (which holds no secret either): none of its fields shows up.
    const queueSpans = spans.filter((span) => span.instrumentationScope.name === "bullmq");
    expect(queueSpans.length).toBeGreaterThan(consumers.length);
    for (const span of queueSpans) {
      expect(JSON.stringify([span.attributes, span.events])).not.toMatch(/expiresAt|scanTrace|keyId/);
    }

    const everything = JSON.stringify(
      spans.map((span) => [span.name, span.attributes, span.status, span.events, span.links]),
    );
    for (const name of ["billing", "crm"]) {
      expect(everything).not.toContain(`${name}-secret`);
      expect(everything).not.toContain(String((await live.appView(name)).secret.data.api_key));
    }
  });

  it("exports over OTLP only when the standard variables ask for it", () => {
    expect(wantsOtlpTracing({})).toBe(false);
    // Off: nothing registered and no telemetry for BullMQ, which then makes no tracing call.
    expect(startOtlpTracing({ OTEL_SDK_DISABLED: "true" })).toBeUndefined();
    expect(wantsOtlpTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(wantsOtlpTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" })).toBe(
      true,
    );
    expect(
      wantsOtlpTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }),
    ).toBe(false);
  });
});

/** The span ids `span` links to with this `keywarden.link` role (`scan` or `consumer`). */
function linked(span: ReadableSpan | undefined, role: string): string[] {
  return (span?.links ?? [])
    .filter((link) => link.attributes?.["keywarden.link"] === role)
    .map((link) => link.context.spanId);
}
