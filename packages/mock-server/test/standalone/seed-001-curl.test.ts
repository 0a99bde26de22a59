import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultResponseValidator } from "../../../../specs/tools/response-validator.js";

const run = promisify(execFile);
const bin = fileURLToPath(new URL("../../bin/keywarden-mock.js", import.meta.url));
const examples = readFileSync(new URL("../fixtures/seed-001-curl.sh", import.meta.url), "utf8")
  .split(/^# --- /m)
  .slice(1)
  .map((chunk) => {
    const [title, ...lines] = chunk.split("\n");
    return {
      title: title!.trim(),
      command: lines
        .filter((line) => !line.startsWith("#"))
        .join("\n")
        .trim(),
    };
  });

let child: ChildProcess;
let url: string;
let output = "";
const secrets: string[] = [];

/** Runs one of the seed's curl commands as written, against the mock, and returns status and body. */
async function curl(title: string, replacements: Record<string, string> = {}) {
  const example = examples.find((item) => item.title === title);
  if (!example) throw new Error(`no example "${title}"`);
  let command = example.command.replaceAll("https://demo.utmstack.com", url);
  for (const [from, to] of Object.entries(replacements)) command = command.replaceAll(from, to);
  const { stdout } = await run("sh", ["-c", `${command} -s -w '\\n%{content_type}\\n%{http_code}'`]);
  const lines = stdout.split("\n");
  const status = Number(lines.pop());
  const contentType = lines.pop() ?? "";
  const result = { status, body: lines.join("\n") };
  // status, content type and body against the spec (curl -s hides the other headers; the socket
  // suites check those)
  const path = title === "authenticate" ? "/api/authenticate" : "/api/elasticsearch/search";
  const body = result.body === "" ? undefined : JSON.parse(result.body);
  const headers = contentType ? { "content-type": contentType } : {};
  expect(defaultResponseValidator().validate({ method: "POST", path, status, headers, body })).toEqual([]);
  return result;
}

beforeAll(async () => {
  child = spawn(
    process.execPath,
    // No --user: the default users include the seed's demo / your_password.
    [bin, "--port", "0"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${output}`)), 15_000);
    const check = () => {
      const found = output.match(/listening on (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve(found[1]!);
      }
    };
    child.stdout!.on("data", check);
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
});

describe("seed 001's curl examples against `keywarden-mock`", () => {
  let jwt: string;

  it("prints the URL and the demo credentials at start", () => {
    expect(output).toContain(`keywarden-mock listening on ${url} (profile documented)`);
    expect(output).toMatch(/user: +demo/);
  });

  it("authenticate: answers {authenticated, id_token}", async () => {
    const { status, body } = await curl("authenticate");
    expect(status).toBe(200);
    const parsed = JSON.parse(body);
    expect(parsed.authenticated).toBe(true);
    jwt = parsed.id_token;
    secrets.push(jwt);
  });

  it("search with the JWT: alerts shaped like the seed's sample", async () => {
    const { status, body } = await curl("search with the JWT", {
      "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJkZW1vIiwiYXV0aCI6IlJPTEVfQURNSU4sU...": jwt,
    });
    expect(status).toBe(200);
    const hits = JSON.parse(body);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toMatchObject({
      status: 2,
      severityLabel: expect.any(String),
      destination: { ip: expect.any(String) },
    });
    expect(hits.every((hit: { tags: string[] }) => !hit.tags.includes("False positive"))).toBe(true);
  });

  it("search without authorization: 401 with Spring's body", async () => {
    const { status, body } = await curl("search without authorization");
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      status: 401,
      error: "Unauthorized",
      path: "/api/elasticsearch/search",
    });
  });

  it("search with an API key as Bearer: the same kind of answer as with the JWT", async () => {
    const headers = { authorization: `Bearer ${jwt}`, "content-type": "application/json" };
    const key = await (
      await fetch(`${url}/api/api-keys`, {
        method: "POST",
        headers,
        body: '{"name":"curl","allowedIp":["127.0.0.1"]}',
      })
    ).json();
    const secret = await (
      await fetch(`${url}/api/api-keys/${key.id}/generate`, { method: "POST", headers })
    ).text();
    secrets.push(secret);
    const { status, body } = await curl("search with an API key as Bearer", { YOUR_API_KEY_HERE: secret });
    expect(status).toBe(200);
    expect(JSON.parse(body)[0]).toMatchObject({ status: 2 });
  });

  it("logs one line per request without any secret, and stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const lines = output.split("\n").filter((line) => / (GET|POST|PUT|DELETE) \//.test(line));
    expect(lines.filter((line) => line.includes("/api/elasticsearch/search")).length).toBe(3);
    expect(lines.some((line) => / POST \/api\/api-keys\/1\/generate 200 /.test(line))).toBe(true);
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toContain('your_password"');
  });
});
