// The README's quick start, runnable as is against the standalone mock:
//   pnpm mock                      (serves http://127.0.0.1:4010, user admin/admin)
//   node --conditions=source --import tsx packages/sdk/examples/quick-start.ts
import { createKeywardenClient, f } from "@keywarden/sdk";

/** Creates a key, generates its secret, proves it works, lists keys and searches alerts. */
export async function quickStart(baseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  const kw = createKeywardenClient({
    baseUrl,
    auth: { username: "admin", password: "admin", bypassTfa: true },
  });

  const in90Days = new Date(Date.now() + 90 * 86_400_000);
  const key = await kw.apiKeys.create({ name: `billing-${Date.now()}`, allowedIp: [], expiresAt: in90Days });
  const secret = await kw.apiKeys.generate(key.id); // shown once: store it somewhere safe
  log(`created key ${key.id} (${key.name}), expires ${key.expiresAt}`);
  log(`the new secret authenticates: ${await kw.apiKeys.verify(secret)}`);

  for await (const k of kw.apiKeys.list({ sort: "expiresAt,asc", limit: 5 })) {
    log(`  ${k.id}\t${k.name}\t${k.expiresAt ?? "never"}`);
  }

  const alerts = await kw.search({
    indexPattern: "alert-*",
    top: 1000,
    size: 3,
    sort: "@timestamp,desc",
    filters: [
      f.is("severity", 3),
      f.isNot("tags", "False positive"),
      f.between("@timestamp", "now-7d", "now"),
    ],
  });
  log(
    `${alerts.total ?? 0} high-severity alerts in the last 7 days; latest: ${JSON.stringify(alerts.items[0]?.["@timestamp"])}`,
  );

  await kw.apiKeys.delete(key.id);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await quickStart(process.env.KEYWARDEN_URL ?? "http://127.0.0.1:4010");
}
