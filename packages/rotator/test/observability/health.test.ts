import { describe, expect, it } from "vitest";
import { startHealthServer } from "../../src/observability/health.js";
import { createMetrics } from "../../src/observability/metrics.js";

describe("health and metrics endpoints", () => {
  it("serve /healthz, /readyz (following readiness) and /metrics with the rotator's series", async () => {
    let ready = false;
    const metrics = createMetrics(async () => ({ waiting: 3, failed: 1 }));
    metrics.rotations.inc({ outcome: "rotated" });
    metrics.keysDue.set(4);
    metrics.lastScan.set(1_700_000_000);
    metrics.stepDuration.observe({ step: "store", outcome: "done" }, 0.02);
    const health = await startHealthServer({
      port: 0,
      host: "127.0.0.1",
      registry: metrics.registry,
      isReady: async () => ready,
    });
    const base = `http://127.0.0.1:${health.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('keywarden_rotations_total{outcome="rotated"} 1');
      expect(text).toContain("keywarden_keys_due 4");
      expect(text).toContain("keywarden_last_scan_timestamp_seconds 1700000000");
      expect(text).toContain('keywarden_rotation_step_duration_seconds_count{step="store",outcome="done"} 1');
      expect(text).toContain('keywarden_rotation_queue_jobs{state="waiting"} 3');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await health.close();
    }
  });
});
