import { AppError } from '../errors';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The body's bytes, refusing more than `maxBytes` (declared or streamed) with `tooLarge()`. */
export async function readLimitedBytes(req: Request, maxBytes: number, tooLargeError: () => AppError = () => tooLarge(maxBytes)): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLargeError();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readLimited(req: Request, maxBytes: number): Promise<string> {
  return (await readLimitedBytes(req, maxBytes)).toString('utf8');
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

/** Reads a JSON or form-encoded body into a plain value for zod. Empty body → {}. */
export async function readBody(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES, allowForm = false): Promise<unknown> {
  const text = await readLimited(req, maxBytes);
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    if (!allowForm) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json).');
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === '') return {};
  // A JSON body must say so: text/plain (what a cross-site form can send without CORS) is refused.
  if (type !== 'application/json') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json).');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
}

/** Query string as an object; repeated keys keep the last value. */
export function readQuery(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
