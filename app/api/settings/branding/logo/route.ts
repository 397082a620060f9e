import type { NextRequest } from 'next/server';
import { readLimitedBytes } from '@/lib/api/body';
import { route } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { LOGO_MAX_BYTES, readLogo, removeLogo, storeLogo, tooLargeLogo } from '@/lib/settings/logo';

// Room for the multipart envelope around a file of the maximum size.
const MULTIPART_OVERHEAD = 16 * 1024;

/** The file from a multipart form (field `file`, else the first file) or the raw request body. */
async function readUpload(req: NextRequest): Promise<Uint8Array> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return readLimitedBytes(req, LOGO_MAX_BYTES, tooLargeLogo);
  const bytes = await readLimitedBytes(req, LOGO_MAX_BYTES + MULTIPART_OVERHEAD, tooLargeLogo);
  const form = await new Response(Buffer.from(bytes), { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new AppError('BAD_REQUEST', 'The multipart body could not be read. Send the image in a field named "file".');
  });
  const file = form.get('file') ?? [...form.values()].find((v) => typeof v !== 'string');
  if (!file || typeof file === 'string') {
    throw new AppError('VALIDATION_FAILED', 'Invalid value for: file', { fields: [{ path: 'file', message: 'is required', code: 'invalid_type' }] });
  }
  if (file.size > LOGO_MAX_BYTES) throw tooLargeLogo();
  return new Uint8Array(await file.arrayBuffer());
}

export const POST = route({ access: 'settings:write' }, async ({ req, actor }) => {
  const stored = await storeLogo(actor, await readUpload(req));
  return { type: stored.type, size: stored.size };
});

export const DELETE = route({ access: 'settings:write' }, async ({ actor }) => {
  await removeLogo(actor);
  return { deleted: true };
});

/** Public: the login page shows it. An SVG gets a CSP that forbids scripts even if opened directly. */
export const GET = route({ access: 'public' }, async () => {
  const logo = await readLogo();
  if (!logo) throw new AppError('NOT_FOUND', 'No logo is set.');
  const headers: Record<string, string> = {
    'Content-Type': logo.type,
    'Content-Length': String(logo.bytes.byteLength),
    // The URL carries a version of the content, so the image can be cached.
    'Cache-Control': 'public, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
  };
  if (logo.type === 'image/svg+xml') headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  return new Response(new Uint8Array(logo.bytes), { status: 200, headers });
});
