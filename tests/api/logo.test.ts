import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/api-client';
import { ADMIN_PASSWORD, startAppServer, type AppServer } from '../helpers/app-server';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);
const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" onload="alert(1)">
  <script>alert('x')</script>
  <use href="https://evil.example/sprite.svg#a"/>
  <rect width="20" height="20" fill="#0a6" onclick="steal()"/>
</svg>`;

let server: AppServer;
let admin: ApiClient;
let operator: ApiClient;

async function upload(client: ApiClient | null, file: Blob, name: string): Promise<{ status: number; body: { error?: { code: string }; type?: string } }> {
  const form = new FormData();
  form.append('file', file, name);
  const headers: Record<string, string> = client?.token ? { Authorization: `Bearer ${client.token}` } : {};
  const res = await fetch(`${server.url}/api/settings/branding/logo`, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as { error?: { code: string }; type?: string } };
}

async function logoUrl(): Promise<string | null> {
  const res = await fetch(`${server.url}/api/settings/branding`);
  return ((await res.json()) as { logo_url: string | null }).logo_url;
}

beforeAll(async () => {
  server = await startAppServer();
  admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
  expect((await admin.post('/api/users', { username: 'ops1', password: 'a-long-password-for-tests', role: 'operator' })).status).toBe(201);
  operator = await new ApiClient(server.url).login('ops1', 'a-long-password-for-tests');
});

afterAll(async () => {
  await server?.stop();
});

describe('/api/settings/branding/logo', () => {
  it('stores a PNG and serves it publicly with its type and the same bytes', async () => {
    const res = await upload(admin, new Blob([PNG], { type: 'image/png' }), 'logo.png');
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('image/png');
    const url = await logoUrl();
    expect(url).toMatch(/^\/api\/settings\/branding\/logo\?v=/);
    const served = await fetch(`${server.url}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('sanitises an SVG (script, onload, external href) and serves it with a strict CSP', async () => {
    const res = await upload(admin, new Blob([EVIL_SVG], { type: 'image/svg+xml' }), 'logo.svg');
    expect(res.status).toBe(200);
    const served = await fetch(`${server.url}/api/settings/branding/logo`);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const text = await served.text();
    expect(text).toContain('<rect width="20" height="20" fill="#0a6"');
    expect(text).not.toMatch(/script|alert|onload|onclick|evil\.example/);
  });

  it('accepts a raw body upload as well as multipart', async () => {
    const res = await admin.request<{ type: string }>('POST', '/api/settings/branding/logo', '<svg viewBox="0 0 1 1"><circle r="1"/></svg>', { 'Content-Type': 'image/svg+xml' });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('image/svg+xml');
  });

  it('refuses text named .png with 422: the bytes decide, not the name', async () => {
    const res = await upload(admin, new Blob(['this is not an image at all'], { type: 'image/png' }), 'logo.png');
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('VALIDATION_FAILED');
  });

  it('refuses more than 512 KB with 413, multipart and raw', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(512 * 1024, 1)]);
    const res = await upload(admin, new Blob([big], { type: 'image/png' }), 'big.png');
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    const raw = await fetch(`${server.url}/api/settings/branding/logo`, { method: 'POST', body: big, headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'image/png' } });
    expect(raw.status).toBe(413);
  });

  it('is admin-only for changes: 403 for an operator, 401 without auth', async () => {
    const file = new Blob([PNG], { type: 'image/png' });
    expect((await upload(operator, file, 'logo.png')).status).toBe(403);
    expect((await upload(null, file, 'logo.png')).status).toBe(401);
    expect((await operator.delete('/api/settings/branding/logo')).status).toBe(403);
  });

  it('writes audit events and removes the logo on DELETE', async () => {
    const audit = await admin.get<{ items: { action: string }[] }>('/api/audit?action=settings.logo');
    expect(audit.body.items.map((i) => i.action)).toContain('settings.logo_upload');
    expect((await admin.delete('/api/settings/branding/logo')).status).toBe(200);
    expect(await logoUrl()).toBeNull();
    expect((await fetch(`${server.url}/api/settings/branding/logo`)).status).toBe(404);
    // A second delete is harmless and records nothing new.
    expect((await admin.delete('/api/settings/branding/logo')).status).toBe(200);
    const after = await admin.get<{ items: { action: string }[] }>('/api/audit?action=settings.logo_remove');
    expect(after.body.items).toHaveLength(1);
  });
});
