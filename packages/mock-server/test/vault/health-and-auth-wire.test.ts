import { describe, expect, it } from "vitest";
import { createKit } from "./vault-test-kit.js";

const HEALTH_ACTIVE =
  '{"initialized":true,"sealed":false,"standby":false,"performance_standby":false,"replication_performance_mode":"disabled","replication_dr_mode":"disabled","server_time_utc":1772366400,"version":"1.21.0","enterprise":false,"cluster_name":"vault-cluster-keywarden","cluster_id":"5a0d4f5e-8e6c-4f0b-9d55-7b1f8f1c2e11","echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}\n';

describe("sys/health (contract §7)", () => {
  it("active: 200 with the HealthResponse struct in declaration order, unauthenticated", () => {
    const { call } = createKit();
    const reply = call("GET", "/v1/sys/health", { token: null });
    expect([reply.status, reply.body]).toEqual([200, HEALTH_ACTIVE]);
  });

  it("sealed: 503 with sealed:true and no cluster fields", () => {
    const { call, vault } = createKit();
    vault.state.seal();
    const reply = call("GET", "/v1/sys/health");
    expect(reply.status).toBe(503);
    expect(reply.body).toBe(
      '{"initialized":true,"sealed":true,"standby":false,"performance_standby":false,"replication_performance_mode":"disabled","replication_dr_mode":"disabled","server_time_utc":1772366400,"version":"1.21.0","enterprise":false,"echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}\n',
    );
  });

  it("standby is 429, performance standby 473; standbyok and code overrides change the status", () => {
    const { call, vault } = createKit();
    vault.state.setStandby(true);
    const standby = call("GET", "/v1/sys/health");
    expect(standby.status).toBe(429);
    expect(standby.body).toContain('"standby":true');
    expect(standby.body).toContain(
      ',"removed_from_cluster":false,"ha_connection_healthy":true,"last_request_forwarding_heartbeat_ms":0}\n',
    );
    expect(call("GET", "/v1/sys/health?standbyok=true").status).toBe(200);
    expect(call("GET", "/v1/sys/health?standbycode=299").status).toBe(299);
    vault.state.setStandby(true, true);
    expect(call("GET", "/v1/sys/health").status).toBe(473);
    expect(call("GET", "/v1/sys/health?perfstandbyok=true").status).toBe(200);
    vault.state.setStandby(false);
    vault.state.seal();
    expect(call("GET", "/v1/sys/health?sealedcode=200").status).toBe(200);
  });

  it('a bad override is 400 {"errors":[]}, another method 405, HEAD only a status', () => {
    const { call } = createKit();
    expect([
      call("GET", "/v1/sys/health?activecode=abc").status,
      call("GET", "/v1/sys/health?activecode=abc").body,
    ]).toEqual([400, '{"errors":[]}\n']);
    expect(call("POST", "/v1/sys/health").body).toBe('{"errors":[]}\n');
    expect(call("POST", "/v1/sys/health").status).toBe(405);
    const head = call("HEAD", "/v1/sys/health");
    expect([head.status, head.body]).toEqual([200, ""]);
  });
});

describe("AppRole login, lookup-self, renew-self (contract §6)", () => {
  function withRole(ttl = 3600, maxTtl = 7200) {
    const kit = createKit({ policies: { app: 'path "secret/data/app/*" { capabilities = ["read"] }' } });
    const role = kit.vault.state.addRole({
      name: "rotator",
      policies: ["app"],
      tokenTtl: ttl,
      tokenMaxTtl: maxTtl,
      roleId: "role-1",
      secretIds: ["secret-1"],
    });
    return { ...kit, role };
  }

  it('login answers data null, mount_type "" and the auth block in HTTPAuth order', () => {
    const { call } = withRole();
    const reply = call("POST", "/v1/auth/approle/login", {
      token: null,
      body: { role_id: "role-1", secret_id: "secret-1" },
    });
    expect(reply.status).toBe(200);
    const token = reply.json().auth.client_token as string;
    const accessor = reply.json().auth.accessor as string;
    expect(token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(reply.text).toBe(
      `{"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,"auth":{"client_token":"${token}","accessor":"${accessor}","policies":["app","default"],"token_policies":["app","default"],"metadata":{"role_name":"rotator"},"lease_duration":3600,"renewable":true,"entity_id":"","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0},"mount_type":""}\n`,
    );
  });

  it("login errors: missing role_id, missing secret_id, wrong secret, then lockout after 5 failures", () => {
    const { call, clock } = withRole();
    const login = (body: object) => call("POST", "/v1/auth/approle/login", { token: null, body });
    expect(login({ secret_id: "x" }).body).toBe('{"errors":["missing role_id"]}\n');
    expect(login({ role_id: "role-1" }).body).toBe('{"errors":["missing secret_id"]}\n');
    for (let i = 0; i < 5; i++)
      expect(login({ role_id: "role-1", secret_id: "bad" }).body).toBe(
        '{"errors":["invalid role or secret ID"]}\n',
      );
    const locked = login({ role_id: "role-1", secret_id: "secret-1" });
    expect([locked.status, locked.body]).toEqual([403, '{"errors":["permission denied"]}\n']);
    clock.advance("16m");
    expect(login({ role_id: "role-1", secret_id: "secret-1" }).status).toBe(200);
  });

  it("lookup-self reports the token's lease fields; the root token has no issue_time or renewable", () => {
    const { call, clock } = withRole();
    const token = call("POST", "/v1/auth/approle/login", {
      token: null,
      body: { role_id: "role-1", secret_id: "secret-1" },
    }).json().auth;
    clock.advance("10m");
    const reply = call("GET", "/v1/auth/token/lookup-self", { token: token.client_token });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      `{"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,"data":{"accessor":"${token.accessor}","creation_time":1772366400,"creation_ttl":3600,"display_name":"approle","entity_id":"","expire_time":"<t>","explicit_max_ttl":0,"id":"${token.client_token}","issue_time":"<t>","meta":{"role_name":"rotator"},"num_uses":0,"orphan":true,"path":"auth/approle/login","policies":["app","default"],"renewable":true,"ttl":3000,"type":"service"},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"token"}\n`,
    );
    const root = call("GET", "/v1/auth/token/lookup-self").json().data;
    expect(root).not.toHaveProperty("issue_time");
    expect(root).not.toHaveProperty("renewable");
    expect([root.policies, root.expire_time, root.ttl]).toEqual([["root"], null, 0]);
  });

  it("renew-self puts the new TTL in auth.lease_duration, caps at max_ttl with Vault's warning", () => {
    const { call, clock } = withRole(3600, 5400);
    const token = call("POST", "/v1/auth/approle/login", {
      token: null,
      body: { role_id: "role-1", secret_id: "secret-1" },
    }).json().auth.client_token;
    clock.advance("50m");
    const renewed = call("POST", "/v1/auth/token/renew-self", { token, body: {} });
    expect(renewed.status).toBe(200);
    expect(renewed.text).toMatch(
      /^\{"request_id":"<uuid>","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":\["TTL of \\"1h0m0s\\" exceeded the effective max_ttl of \\"40m0s\\"; TTL value is capped accordingly"\],"auth":\{"client_token":"hvs\.\w+","accessor":"\w+","policies":\["app","default"\],"token_policies":\["app","default"\],"metadata":\{"role_name":"rotator"\},"lease_duration":2400,"renewable":true,"entity_id":"","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0\},"mount_type":"token"\}\n$/,
    );
    expect(call("GET", "/v1/auth/token/lookup-self", { token }).json().data).toHaveProperty(
      "last_renewal_time",
    );
    clock.advance("41m");
    expect(call("GET", "/v1/auth/token/lookup-self", { token }).json().errors[0]).toContain("invalid token");
  });

  it("renew-self of the root token is 400 invalid lease ID; of a non-renewable token, lease is not renewable", () => {
    const { call, vault } = createKit();
    expect(call("POST", "/v1/auth/token/renew-self").body).toBe('{"errors":["invalid lease ID"]}\n');
    const fixed = vault.state.createToken({ policies: [], renewable: false });
    expect(call("POST", "/v1/auth/token/renew-self", { token: fixed.id }).body).toBe(
      '{"errors":["lease is not renewable"]}\n',
    );
  });
});
