import { SpanStatusCode, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wantsOtlpTracing } from "../../src/observability/otlp.js";
import { closedAfterEach } from "../support/closed-after-each.js";
import { liveSetup } from "../support/live.js";
import { eventually } from "../support/redis.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe("traces: one trace per rotation, one span per step, linked to the scan", () => {
  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    trace.disable();
    await provider.shutdown();
  });
  const setupLive = closedAfterEach(liveSetup);

  it("a rotation whose generate step fails once: two runs in one trace, the failing step in error", async () => {
    const live = await setupLive({
      keys: [
        { name: "billing", secret: "billing-secret-000000000000000000000000000", expiresInDays: 2 },
        { name: "crm", secret: "crm-secret-0000000000000000000000000000000", expiresInDays: 3 },
      ],
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
      expect(root?.links.map((link) => link.context.spanId)).toEqual([scan?.spanContext().spanId]);
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

    const everything = JSON.stringify(
      spans.map((span) => [span.name, span.attributes, span.status, span.events]),
    );
    for (const name of ["billing", "crm"]) {
      expect(everything).not.toContain(`${name}-secret`);
      expect(everything).not.toContain(String((await live.appView(name)).secret.data.api_key));
    }
  });

  it("exports over OTLP only when the standard variables ask for it", () => {
    expect(wantsOtlpTracing({})).toBe(false);
    expect(wantsOtlpTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(wantsOtlpTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" })).toBe(
      true,
    );
    expect(
      wantsOtlpTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" }),
    ).toBe(false);
  });
});
