import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';
import { tlsMaterial } from '../helpers/tls-material';

/** /api/hosts over HTTP: admin only, 422 naming fields, 409 for names and the local host, nothing stored on refusal. */
let server: AppServer;
let admin: ApiClient;
let operator: ApiClient;

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBlbn2v6yN8aCqVh8A0kGXZqv3J8lG2gH6m6c0m7iMBXAAAAJg3cVxXN3Fc\nVwAAAAtzc2gtZWQyNTUxOQAAACBlbn2v6yN8aCqVh8A0kGXZqv3J8lG2gH6m6c0m7iMBXA\nAAAEA=\n-----END OPENSSH PRIVATE KEY-----\n';

/** A fingerprint in the form ssh-keygen prints (43 base64 characters after SHA256:). */
const PIN = `SHA256:${'A'.repeat(42)}E`;

/** Real TLS material (a CA, a client certificate and its key): the server reads each with node:crypto. */
const TLS = (() => {
  const m = tlsMaterial();
  return { tls_ca: m.ca, tls_cert: m.cert, tls_key: m.key };
})();

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  await admin.post('/api/users', { username: 'hostop', password: 'operator-password', role: 'operator' });
  operator = await new ApiClient(server.url).login('hostop', 'operator-password');
});
afterAll(() => server?.stop());

describe('/api/hosts', () => {
  it('is for admins only: 401 anonymous, 403 operator', async () => {
    expect((await new ApiClient(server.url).get('/api/hosts')).status).toBe(401);
    expect((await operator.get('/api/hosts')).status).toBe(403);
    expect((await operator.post('/api/hosts', { name: 'x' })).status).toBe(403);
  });

  it('answers bad input with 422 naming the fields and stores nothing', async () => {
    const res = await admin.post<{ error: { code: string; details: { fields: { path: string }[] } } }>('/api/hosts', { name: 'h2', endpoint: 'ssh://root@h;reboot', public_address: 'x y' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f) => f.path).sort()).toEqual(['endpoint', 'public_address', 'ssh_private_key']);
    const unusable = await admin.post<{ error: { details: { fields: { path: string }[] } } }>('/api/hosts', { name: 'h2', endpoint: 'ssh://root@10.250.0.2', ssh_private_key: KEY, public_address: '10.250.0.2' });
    expect(unusable.status).toBe(422);
    expect(unusable.body.error.details.fields.map((f) => f.path)).toEqual(['ssh_private_key']);
    const list = await admin.get<{ items: { id: string }[] }>('/api/hosts');
    expect(list.body.items.map((h) => h.id)).toEqual(['local']);
  });

  it('refuses endpoint ports outside 1-65535 and TLS material node:crypto cannot read or match, naming the field (422), storing nothing', async () => {
    type Err = { error: { details: { fields: { path: string; message: string }[] } } };
    const fields = (res: { body: Err }) => [...new Set(res.body.error.details.fields.map((f) => f.path))].sort();
    const tls = { name: 'bad-tls', endpoint: 'tcp://10.250.0.2:2376', public_address: '10.250.0.2' };
    for (const endpoint of ['tcp://10.250.0.2:0', 'tcp://10.250.0.2:99999']) {
      const res = await admin.post<Err>('/api/hosts', { ...tls, endpoint, ...TLS });
      expect(res.status).toBe(422);
      expect(fields(res)).toEqual(['endpoint']);
    }
    // An OpenSSH private key passes a PEM pattern but is no certificate.
    const sshAsCert = await admin.post<Err>('/api/hosts', { ...tls, ...TLS, tls_ca: KEY, tls_cert: KEY });
    expect(sshAsCert.status).toBe(422);
    expect(fields(sshAsCert)).toEqual(['tls_ca', 'tls_cert']);
    const mismatch = await admin.post<Err>('/api/hosts', { ...tls, ...TLS, tls_key: tlsMaterial().otherKey });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.details.fields).toEqual([expect.objectContaining({ path: 'tls_key', message: expect.stringMatching(/does not belong/) })]);
    expect((await admin.get<{ items: { id: string }[] }>('/api/hosts')).body.items.map((h) => h.id)).toEqual(['local']);
    // The same checks on a change: a certificate that is an SSH key is refused, the stored one kept.
    const created = await admin.post<{ id: string }>('/api/hosts', { ...tls, ...TLS });
    expect(created.status).toBe(201);
    const put = await admin.put<Err>(`/api/hosts/${created.body.id}`, { tls_cert: KEY });
    expect(put.status).toBe(422);
    expect(fields(put)).toEqual(['tls_cert']);
    expect((await admin.get<{ items: unknown[] }>('/api/audit?action=host.update')).body.items).toEqual([]);
    expect((await admin.request('DELETE', `/api/hosts/${created.body.id}`)).status).toBe(200);
  });

  it('refuses to remove or re-point the local host (409), and a missing host is 404', async () => {
    const del = await admin.request('DELETE', '/api/hosts/local');
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ error: { code: 'HOST_LOCAL' } });
    const put = await admin.put('/api/hosts/local', { endpoint: 'tcp://10.250.0.2:2376', ...TLS });
    expect(put.status).toBe(409);
    expect((await admin.get('/api/hosts/nope')).status).toBe(404);
    const cordon = await admin.put<{ state: string }>('/api/hosts/local', { state: 'cordoned' });
    expect(cordon.status).toBe(200);
    expect(cordon.body.state).toBe('cordoned');
    await admin.put('/api/hosts/local', { state: 'ready' });
  });

  it('takes the tenant root and a pinned SSH host key, refusing bad ones per field with nothing stored', async () => {
    type Err = { error: { code: string; details: { fields: { path: string }[] } } };
    type View = { id: string; tenant_root: string | null; ssh_host_key: string | null };
    const paths = (res: { body: Err }) => [...new Set(res.body.error.details.fields.map((f) => f.path))].sort();
    const key = ssh2.utils.generateKeyPairSync('ed25519').private;
    const base = { name: 'pin-h', endpoint: 'ssh://deploy@10.250.0.2', ssh_private_key: key, public_address: '10.250.0.2' };
    const bad = await admin.post<Err>('/api/hosts', { ...base, ssh_host_key: 'MD5:aa:bb', tenant_root: 'tenants/../x' });
    expect(bad.status).toBe(422);
    expect(paths(bad)).toEqual(['ssh_host_key', 'tenant_root']);
    const tls = await admin.post<Err>('/api/hosts', { name: 'pin-t', endpoint: 'tcp://10.250.0.2:2376', ...TLS, public_address: '10.250.0.2', ssh_host_key: PIN });
    expect(tls.status).toBe(422);
    expect(paths(tls)).toEqual(['ssh_host_key']);
    expect((await admin.get<{ items: unknown[] }>('/api/hosts')).body.items).toHaveLength(1);

    const created = await admin.post<View>('/api/hosts', { ...base, ssh_host_key: PIN, tenant_root: '/srv/nb-pin/tenants' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenant_root: '/srv/nb-pin/tenants', ssh_host_key: PIN });
    const id = created.body.id;
    const refused = await admin.put<Err>(`/api/hosts/${id}`, { tenant_root: '/', ssh_host_key: 'SHA256:short' });
    expect(refused.status).toBe(422);
    expect(paths(refused)).toEqual(['ssh_host_key', 'tenant_root']);
    expect((await admin.get<View>(`/api/hosts/${id}`)).body).toMatchObject({ tenant_root: '/srv/nb-pin/tenants', ssh_host_key: PIN });
    // null forgets the pin: the next successful test pins the key it sees.
    const cleared = await admin.put<View>(`/api/hosts/${id}`, { ssh_host_key: null, tenant_root: '/srv/nb-pin2' });
    expect(cleared.body).toMatchObject({ tenant_root: '/srv/nb-pin2', ssh_host_key: null });

    // Only the service knows a stored endpoint: a host key for a TLS host is refused there, per field.
    const tlsHost = await admin.post<View>('/api/hosts', { name: 'pin-t', endpoint: 'tcp://10.250.0.2:2376', ...TLS, public_address: '10.250.0.2' });
    const onTls = await admin.put<Err>(`/api/hosts/${tlsHost.body.id}`, { ssh_host_key: PIN });
    expect(onTls.status).toBe(422);
    expect(paths(onTls)).toEqual(['ssh_host_key']);
    expect((await admin.get<View>(`/api/hosts/${tlsHost.body.id}`)).body.ssh_host_key).toBeNull();
    for (const h of [id, tlsHost.body.id]) expect((await admin.request('DELETE', `/api/hosts/${h}`)).status).toBe(200);
  });

  it('documents the operations', async () => {
    const spec = await new ApiClient(server.url).get<{ paths: Record<string, unknown> }>('/api/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/hosts', '/api/hosts/{id}', '/api/hosts/{id}/test']));
  });
});
