import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeNpm, UNKNOWN_DIRECTIVE, type FakeNpm } from '../fakes/fake-npm';

/** The fake itself must behave like NPM v2.15.1, or the client tests prove nothing. */
describe('fake NPM server', () => {
  let fake: FakeNpm;
  let token: string;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${fake.url}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }
  const row = (json: unknown) => json as { id: number; certificate_id: number; certificate: unknown; meta: Record<string, unknown> };
  const host = (name: string, extra: Record<string, unknown> = {}) => ({ domain_names: [name], forward_scheme: 'http', forward_host: 'caddy', forward_port: 80, ...extra });

  beforeEach(async () => {
    fake = await startFakeNpm({ email: 'a@example.com', password: 'pw-123456' });
    token = fake.state.issueToken().token;
  });
  afterEach(() => fake.stop());

  it('GET /api/ answers status and version without auth; GET /api redirects to port 81', async () => {
    expect((await call('GET', '/')).json).toEqual({ status: 'OK', setup: true, version: { major: 2, minor: 15, revision: 1 } });
    const bare = await fetch(`${fake.url}/api`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('http://127.0.0.1:81/api/');
  });

  it('no token at all is 404 on the collection, not 401', async () => {
    const res = await fetch(`${fake.url}/api/nginx/proxy-hosts`);
    expect({ status: res.status, json: await res.json() }).toEqual({ status: 404, json: { error: { code: 404, message: 'Not Found - /nginx/proxy-hosts' } } });
  });

  it('login: tokens, wrong credentials, 2FA challenge, refresh, expiry, garbage', async () => {
    expect(await call('POST', '/tokens', { identity: 'a@example.com', secret: 'nope' })).toMatchObject({ status: 400, json: { error: { message: 'Invalid email or password' } } });
    const ok = await call('POST', '/tokens', { identity: 'A@example.com', secret: 'pw-123456' });
    expect(ok.json).toMatchObject({ token: expect.any(String), expires: expect.any(String) });
    fake.setTwoFactor(true);
    expect((await call('POST', '/tokens', { identity: 'a@example.com', secret: 'pw-123456' })).json).toMatchObject({ requires_2fa: true, challenge_token: expect.any(String) });
    expect(await call('GET', '/tokens?expiry=1d')).toMatchObject({ status: 200, json: { token: expect.any(String) } });
    fake.expireTokens();
    expect(await call('GET', '/nginx/proxy-hosts')).toEqual({ status: 400, json: { error: { code: 400, message: 'Token has expired' } } });
    token = 'garbage';
    expect((await call('GET', '/nginx/proxy-hosts')).status).toBe(500);
  });

  it('validates bodies like NPM: JSON only, no extra properties, numeric strings, 100 kB limit', async () => {
    expect(await call('POST', '/nginx/proxy-hosts', host('a.test', { extra: 1 }))).toMatchObject({ status: 400, json: { error: { message: 'data must NOT have additional properties' } } });
    const noType = await call('POST', '/nginx/proxy-hosts', JSON.stringify(host('a.test')), { 'Content-Type': 'text/plain' });
    expect(noType.status).toBe(400);
    const numeric = await call('POST', '/nginx/proxy-hosts', host('a.test', { forward_port: '8080' }));
    expect(numeric).toMatchObject({ status: 201, json: { forward_port: 8080 } });
    expect((await call('POST', '/nginx/proxy-hosts', host('b.test', { advanced_config: 'x'.repeat(110_000) }))).status).toBe(413);
  });

  it('proxy hosts: substring query, duplicates across case, soft delete frees the domain', async () => {
    await call('POST', '/nginx/proxy-hosts', host('acme.test'));
    await call('POST', '/nginx/proxy-hosts', host('acme2.test'));
    expect((await call('GET', '/nginx/proxy-hosts?query=acme')).json).toHaveLength(2);
    const dup = await call('POST', '/nginx/proxy-hosts', host('ACME.test'));
    expect(dup).toEqual({ status: 400, json: { error: { code: 400, message: 'ACME.test is already in use' } } });
    const mixed = await call('POST', '/nginx/proxy-hosts', host('Mixed.TEST'));
    expect((mixed.json as { domain_names: string[] }).domain_names).toEqual(['Mixed.TEST']);
    const first = row(((await call('GET', '/nginx/proxy-hosts?query=acme.test&expand=certificate')).json as unknown[])[0]);
    expect(first.certificate).toBeNull();
    expect(await call('DELETE', `/nginx/proxy-hosts/${first.id}`)).toEqual({ status: 200, json: true });
    expect((await call('POST', '/nginx/proxy-hosts', host('acme.test'))).status).toBe(201);
  });

  it('forces TLS flags off without a certificate, and certificate_id "new" loses them (upstream bug)', async () => {
    const plain = await call('POST', '/nginx/proxy-hosts', host('a.test', { ssl_forced: true, http2_support: true, hsts_enabled: true }));
    expect(plain.json).toMatchObject({ ssl_forced: false, http2_support: false, hsts_enabled: false });
    const viaNew = await call('POST', '/nginx/proxy-hosts', host('b.test', { certificate_id: 'new', ssl_forced: true, http2_support: true }));
    expect(row(viaNew.json).certificate_id).toBeGreaterThan(0);
    expect(viaNew.json).toMatchObject({ ssl_forced: false, http2_support: false });
    const put = await call('PUT', `/nginx/proxy-hosts/${row(viaNew.json).id}`, { ssl_forced: true, http2_support: true });
    expect(put.json).toMatchObject({ ssl_forced: true, http2_support: true });
  });

  it('a failed "new" certificate leaves an orphan host behind a 500', async () => {
    fake.failNextCertificate();
    const res = await call('POST', '/nginx/proxy-hosts', host('a.test', { certificate_id: 'new' }));
    expect(res).toEqual({ status: 500, json: expect.objectContaining({ error: { code: 500, message: 'Internal Error' } }) });
    expect(fake.state.liveHosts()).toMatchObject([{ domain_names: ['a.test'], certificate_id: 0, enabled: true }]);
    expect(await call('POST', '/nginx/proxy-hosts', host('a.test'))).toMatchObject({ status: 400, json: { error: { message: 'a.test is already in use' } } });
  });

  it('reports nginx -t failures in meta, not in the status; a POST answers before nginx ran (meta {})', async () => {
    const bad = await call('POST', '/nginx/proxy-hosts', host('a.test', { advanced_config: `${UNKNOWN_DIRECTIVE} on;` }));
    expect(bad.status).toBe(201);
    expect(row(bad.json).meta).toEqual({});
    const read = await call('GET', `/nginx/proxy-hosts/${row(bad.json).id}`);
    expect(row(read.json).meta).toMatchObject({ nginx_online: false, nginx_err: expect.stringContaining('unknown directive') });
    const braces = await call('PUT', `/nginx/proxy-hosts/${row(bad.json).id}`, { advanced_config: 'location / {' });
    expect(row(braces.json).meta.nginx_err).toContain('unexpected end of file');
  });

  it('permission failures are 404 Not Found - <path>', async () => {
    fake.revokePermissions();
    expect(await call('GET', '/nginx/certificates')).toEqual({ status: 404, json: { error: { code: 404, message: 'Not Found - /nginx/certificates' } } });
  });

  it('a view-only user\'s write is a 500, not a 404', async () => {
    fake.setPermissions({ proxy_hosts: 'view' });
    expect((await call('GET', '/nginx/proxy-hosts')).status).toBe(200);
    expect(await call('POST', '/nginx/proxy-hosts', host('a.test'))).toMatchObject({ status: 500, json: { error: { message: 'Internal Error' } } });
  });

  it('nginx -t covers every host: a literal upstream that stops resolving fails writes to any host with 500', async () => {
    const literal = await call('POST', '/nginx/proxy-hosts', host('old.test', { advanced_config: 'location /x {\n    grpc_pass grpc://old-caddy:80;\n}' }));
    const variable = await call('POST', '/nginx/proxy-hosts', host('new.test', { advanced_config: 'location /x {\n    set $u grpc://new-caddy:80;\n    grpc_pass $u;\n}' }));
    fake.setUpstreamResolvable('new-caddy', false);
    expect(fake.nginxTest()).toBeNull();
    fake.setUpstreamResolvable('old-caddy', false);
    expect(fake.nginxTest()).toContain('host not found in upstream "old-caddy"');
    const other = await call('PUT', `/nginx/proxy-hosts/${row(variable.json).id}`, { forward_port: 81 });
    expect(other.status).toBe(500);
    expect((await call('POST', '/nginx/proxy-hosts', host('third.test'))).status).toBe(500);
    // The rows were saved all the same; the new one was never configured.
    const third = ((await call('GET', '/nginx/proxy-hosts?query=third.test')).json as unknown[]).map(row)[0];
    expect(third.meta).toEqual({});
    expect(row(literal.json).id).toBeGreaterThan(0);
  });

  it('a variable without a set is an nginx error', async () => {
    const res = await call('POST', '/nginx/proxy-hosts', host('a.test', { advanced_config: 'location /x {\n    grpc_pass $nowhere;\n}' }));
    expect(row((await call('GET', `/nginx/proxy-hosts/${row(res.json).id}`)).json).meta.nginx_err).toContain('unknown "nowhere" variable');
  });

  it('certificate_id 0 sent explicitly keeps the TLS flags; a missing id forces them off', async () => {
    const zero = await call('POST', '/nginx/proxy-hosts', host('a.test', { certificate_id: 0, ssl_forced: true, http2_support: true }));
    expect(zero.json).toMatchObject({ certificate_id: 0, ssl_forced: true, http2_support: true });
  });

  it('uploaded certificates are provider "other" and the list carries their private key', async () => {
    expect(await call('POST', '/nginx/certificates', { provider: 'other', nice_name: 'Wildcard' })).toMatchObject({ status: 201, json: { provider: 'other', nice_name: 'Wildcard' } });
    fake.addCertificate({ domain_names: ['*.a.test'], provider: 'other' });
    const list = (await call('GET', '/nginx/certificates')).json as { meta: { certificate_key?: string } }[];
    expect(list[1].meta.certificate_key).toContain('PRIVATE KEY');
  });

  it('certificates: create, refuse letsencrypt_email, fail with debug and no row, delete without usage check', async () => {
    const bad = await call('POST', '/nginx/certificates', { provider: 'letsencrypt', domain_names: ['a.test'], meta: { letsencrypt_email: 'x@y.z' } });
    expect(bad.status).toBe(400);
    fake.failNextCertificate(1, 'too many certificates already issued');
    const failed = await call('POST', '/nginx/certificates', { provider: 'letsencrypt', domain_names: ['a.test'], meta: {} });
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.json)).toContain('too many certificates');
    const stack = (failed.json as { debug: { stack: string[] } }).debug.stack;
    expect(stack[1]).toBe('An unexpected error occurred:');
    expect(stack[2]).toBe('too many certificates already issued');
    expect(stack.at(-2)).toMatch(/^Ask for help/);
    expect(fake.state.liveCertificates()).toEqual([]);
    const cert = await call('POST', '/nginx/certificates', { provider: 'letsencrypt', domain_names: ['a.test'], meta: {} });
    expect(cert).toMatchObject({ status: 201, json: { nice_name: 'a.test', domain_names: ['a.test'], provider: 'letsencrypt' } });
    await call('POST', '/nginx/proxy-hosts', host('a.test', { certificate_id: row(cert.json).id }));
    expect(await call('DELETE', `/nginx/certificates/${row(cert.json).id}`)).toEqual({ status: 200, json: true });
  });
});
