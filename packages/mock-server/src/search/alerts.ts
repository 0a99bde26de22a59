import { DAY_MS } from "../keys/model.js";

/** A deterministic pseudo-random generator (mulberry32), so the same seed gives the same alerts. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  {
    country: "India",
    countryCode: "IN",
    city: "New Delhi",
    coordinates: [28.632, 77.2202],
    ip: "122.176.80.250",
  },
  {
    country: "United States",
    countryCode: "US",
    city: "Ashburn",
    coordinates: [39.0438, -77.4874],
    ip: "3.80.12.7",
  },
  {
    country: "Germany",
    countryCode: "DE",
    city: "Frankfurt am Main",
    coordinates: [50.1109, 8.6821],
    ip: "18.184.3.9",
  },
  {
    country: "Brazil",
    countryCode: "BR",
    city: "São Paulo",
    coordinates: [-23.5505, -46.6333],
    ip: "177.71.128.4",
  },
  { country: "Japan", countryCode: "JP", city: "Tokyo", coordinates: [35.6762, 139.6503], ip: "52.68.96.58" },
  {
    country: "Netherlands",
    countryCode: "NL",
    city: "Amsterdam",
    coordinates: [52.3676, 4.9041],
    ip: "2a03:2880:f10c:83::25",
  },
] as const;
const NAMES = [
  "Multiple failed login attempts",
  "Suspicious PowerShell execution",
  "Port scan detected",
  "Malware signature match",
  "Outbound connection to known C2",
  "Privilege escalation attempt",
  "Unusual data transfer volume",
] as const;
const DATA_TYPES = ["alertEventLog", "wineventlog", "firewall-fortigate", "linux-syslog", "o365"] as const;
const USERS = ["Administrator", "jdoe", "svc-backup", "root", "msmith"] as const;
const TAG_SETS = [
  [],
  ["False positive"],
  ["Investigating"],
  ["Investigating", "VIP"],
  ["Threat intel"],
] as const;
const SEVERITY_LABELS = ["Low", "Medium", "High"] as const;
const STATUS_LABELS: Record<number, string> = {
  1: "Automatic review",
  2: "Open",
  3: "In review",
  5: "Completed",
};
const STATUSES = [1, 2, 2, 3, 5] as const;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function hex(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/**
 * A deterministic set of alert documents shaped like seed 001's sample (severity, severityLabel,
 * status, tags, `@timestamp` spread over the 30 days before `now`, dataType, destination.{ip,
 * country, city, coordinates}, port, user, ...). The same seed and `now` give the same documents.
 */
export function generateAlerts(count: number, seed: number, now: number): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const alerts: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const severity = 1 + Math.floor(random() * 3);
    const status = pick(random, STATUSES);
    const place = pick(random, PLACES);
    const source = pick(random, PLACES);
    const timestamp = now - Math.floor(random() * 30 * DAY_MS);
    alerts.push({
      id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
      "@timestamp": new Date(timestamp).toISOString(),
      name: pick(random, NAMES),
      severity,
      severityLabel: SEVERITY_LABELS[severity - 1],
      status,
      statusLabel: STATUS_LABELS[status],
      tags: [...pick(random, TAG_SETS)],
      regDateRulebot: null,
      notes: "",
      dataType: pick(random, DATA_TYPES),
      dataSource: `host-${1 + Math.floor(random() * 20)}`,
      destination: {
        country: place.country,
        accuracyRadius: 5 + Math.floor(random() * 200),
        city: place.city,
        ip: place.ip,
        coordinates: [...place.coordinates],
      },
      source: {
        ip: `10.0.${Math.floor(random() * 4)}.${1 + Math.floor(random() * 254)}`,
        country: source.country,
      },
      port: 1 + Math.floor(random() * 65535),
      countryCode: place.countryCode,
      subProtocolCategory: "false",
      alertEventDetailCateg: "utmstack.demo",
      isSatelliteProvider: false,
      user: pick(random, USERS),
      san: Math.floor(random() * 100_000),
    });
  }
  return alerts;
}
