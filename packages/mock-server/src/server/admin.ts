import type { Clock } from "../clock.js";
import type { FaultRule, Faults } from "../faults.js";
import { json } from "../http/responses.js";
import { route } from "../http/route-handler.js";
import { checkSeed } from "../store/seed.js";
import type { MockStore } from "../store/store.js";

/** What the `/__mock/*` routes control. */
export interface AdminTargets {
  store: MockStore;
  clock: Clock;
  faults: Faults;
  reset(): void;
}

function problem(status: number, message: string): Response {
  return json({ status, error: message }, status);
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  return text.trim() === "" ? {} : JSON.parse(text);
}

// every admin route answers a clear 400 instead of throwing on bad input
function guarded(run: (request: Request) => Promise<Response> | Response) {
  return async ({ request }: { request: Request }) => {
    try {
      return await run(request);
    } catch (error) {
      return problem(400, (error as Error).message);
    }
  };
}

/**
 * Test controls over HTTP (for the standalone server): `GET|POST /__mock/clock`
 * (`{"advance":"31d"}`, `{"set":"2030-01-01T00:00:00Z"}`, `{"reset":true}`), `GET|POST|DELETE
 * /__mock/faults`, `POST /__mock/reset`, `GET /__mock/state` (no secrets), `POST /__mock/seed`.
 */
export function adminHandlers(targets: AdminTargets, base: string) {
  const { store, clock, faults } = targets;
  const clockBody = () => json({ now: new Date(clock.now()).toISOString() });
  return [
    route.get(`${base}/__mock/clock`, clockBody),
    route.post(
      `${base}/__mock/clock`,
      guarded(async (request) => {
        const body = (await readJson(request)) as {
          advance?: string | number;
          set?: string | number;
          reset?: boolean;
        };
        if (body.reset) clock.reset();
        if (body.set !== undefined) clock.set(body.set);
        if (body.advance !== undefined) clock.advance(body.advance);
        if (body.reset === undefined && body.set === undefined && body.advance === undefined) {
          throw new Error('Send {"advance":"31d"}, {"set":"2030-01-01T00:00:00Z"} or {"reset":true}');
        }
        return clockBody();
      }),
    ),
    route.get(`${base}/__mock/faults`, () => json(faults.list())),
    route.post(
      `${base}/__mock/faults`,
      guarded(async (request) => {
        const body = await readJson(request);
        const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
        const ids = rules.map((rule) => faults.add(rule));
        return json({ ids }, 201);
      }),
    ),
    route.delete(`${base}/__mock/faults`, () => {
      faults.clear();
      return new Response(null, { status: 204 });
    }),
    route.delete(`${base}/__mock/faults/:id`, ({ params }) =>
      faults.remove(Number(params.id))
        ? new Response(null, { status: 204 })
        : problem(404, `No fault ${params.id}`),
    ),
    route.post(`${base}/__mock/reset`, () => {
      targets.reset();
      return new Response(null, { status: 204 });
    }),
    route.get(`${base}/__mock/state`, () => json(store.snapshot())),
    route.post(
      `${base}/__mock/seed`,
      guarded(async (request) => {
        store.applySeed(checkSeed(await readJson(request)));
        return json(store.snapshot(), 201);
      }),
    ),
  ];
}
