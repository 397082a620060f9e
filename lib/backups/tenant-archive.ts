import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { z } from 'zod';
import { AppError } from '../errors';
import { fieldOf } from '../caught';

/**
 * The layout of one tenant snapshot: a single tar stream (restic stores it as one file, so the
 * snapshot is self-contained and deduplicated by restic's chunking):
 *   tenant.json                 the customer and deployment record with its secrets in clear
 *   config/<file>               the rendered configuration (management.json, Caddyfile, …)
 *   data/management/<path>      the management data directory (store.db, idp.db, events.db)
 */
export const ARCHIVE_FORMAT = 2;
/** Formats this appliance reads: 1 had no layout, session cookie key or images (it meant classic). */
const READABLE_FORMATS = [1, 2];
export const RECORD_FILE = 'tenant.json';
export const DATA_PREFIX = 'data/management/';

const tenantRecordSchema = z.object({
  format: z.number(),
  /** Written by earlier releases; the snapshot's own time is restic's. */
  taken_at: z.string().optional(),
  customer: z.object({ id: z.string(), name: z.string(), subdomain: z.string(), email: z.string(), maxDevices: z.number(), notes: z.string().nullable() }),
  deployment: z.object({
    dashboardPort: z.number(),
    relayPort: z.number(),
    encryptionKey: z.string(),
    relaySecret: z.string(),
    ownerEmail: z.string().nullable(),
    ownerPassword: z.string().nullable(),
    ownerToken: z.string().nullable(),
    setupUrl: z.string().nullable(),
    // Format 2: what the combined layout needs to come back as it was (format 1 meant classic).
    sessionCookieKey: z.string().nullable().default(null),
    keepDnsDomain: z.string().nullable().default(null),
    /** The images last deployed, { service: image } (for the record; a deploy uses the pin or the fleet default). */
    images: z.record(z.string(), z.string()).default({}),
  }),
  layout: z.enum(['classic', 'combined']).default('classic'),
  /** The tenant's image pin (TenantPin.images), when it had one. */
  pin: z.record(z.string(), z.string()).nullable().default(null),
});
/** A record as written; fields added by later formats may be absent (a format 1 record). */
export type TenantRecord = z.input<typeof tenantRecordSchema>;
/** A record as read back, with the defaults of older formats filled in. */
export type RestoredRecord = z.output<typeof tenantRecordSchema>;

/**
 * Adds a small in-memory file to the pack. The time is fixed, like everything else in the
 * record: an unchanged tenant then packs to the same bytes, and restic stores nothing new
 * (a changing first entry used to make restic's first chunk, ~1 MiB, new on every run).
 */
const FIXED_MTIME = new Date(0);
function addFile(pack: tar.Pack, name: string, content: string | Buffer, mode = 0o600): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, mode, mtime: FIXED_MTIME }, content, (err) => (err ? reject(err) : resolve())));
}

/**
 * Re-packs a container archive (entries named `netbird/…`) under `prefix`. Resolves when the
 * source has been read completely.
 */
async function repack(pack: tar.Pack, source: Readable, prefix: string): Promise<{ files: number; bytes: number }> {
  const extract = tar.extract();
  let files = 0;
  let bytes = 0;
  extract.on('entry', (header, stream, next) => {
    const rest = header.name.split('/').slice(1).join('/');
    if (!rest) {
      stream.resume();
      stream.on('end', next);
      return;
    }
    if (header.type === 'file') files++;
    bytes += header.size ?? 0;
    const sink = pack.entry({ ...header, name: `${prefix}${rest}` }, (err) => next(err ?? undefined));
    stream.pipe(sink);
  });
  await pipeline(source, extract);
  return { files, bytes };
}

export interface PackedTenant {
  /** The tar stream to hand to restic. */
  stream: Readable;
  /** Resolves once the container archive has been read completely (the moment to unpause). */
  sourceRead: Promise<void>;
  /** Resolves when the whole tar has been written, with what the data part held. */
  done: Promise<{ files: number; bytes: number }>;
}

/**
 * Builds the snapshot's tar. The container archive is drained into a buffer of up to
 * `bufferBytes` as fast as the engine sends it, so the writer's pause ends when the engine has
 * sent the files, not when restic has chunked them. 0: read at restic's pace, no second buffer
 * (a copy on the host, whose reading holds no pause).
 */
export function packTenant(record: TenantRecord, config: Record<string, string>, data: Readable, bufferBytes = 256 * 1024 * 1024): PackedTenant {
  const pack = tar.pack();
  const fast = bufferBytes > 0 ? data.pipe(new PassThrough({ highWaterMark: bufferBytes })) : data;
  const sourceRead = new Promise<void>((resolve, reject) => {
    data.on('end', resolve);
    data.on('error', reject);
  });
  const done = (async () => {
    await addFile(pack, RECORD_FILE, JSON.stringify(record, null, 2));
    for (const [name, content] of Object.entries(config)) await addFile(pack, `config/${name}`, content);
    const counted = await repack(pack, fast, DATA_PREFIX);
    pack.finalize();
    return counted;
  })();
  done.catch((err: Error) => pack.destroy(err));
  return { stream: pack, sourceRead, done };
}

export interface UnpackHandlers {
  onRecord?: (record: RestoredRecord) => void;
  /** A data entry with its path relative to the management data directory. */
  onData?: (header: tar.Headers, stream: Readable) => Promise<void>;
}

/** Reads a snapshot's tar; every entry is consumed so restic verifies every byte it sends. */
export async function unpackTenant(source: Readable, handlers: UnpackHandlers): Promise<{ record: RestoredRecord; files: number; bytes: number }> {
  const extract = tar.extract();
  let record: RestoredRecord | undefined;
  let files = 0;
  let bytes = 0;
  extract.on('entry', (header, stream, next) => {
    void (async () => {
      if (header.name === RECORD_FILE) {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
        record = parseRecord(Buffer.concat(chunks).toString('utf8'));
        handlers.onRecord?.(record);
      } else if (header.name.startsWith(DATA_PREFIX) && handlers.onData) {
        if (header.type === 'file') files++;
        bytes += header.size ?? 0;
        await handlers.onData({ ...header, name: header.name.slice(DATA_PREFIX.length) }, stream);
      } else {
        if (header.name.startsWith(DATA_PREFIX) && header.type === 'file') files++;
        bytes += header.name.startsWith(DATA_PREFIX) ? header.size ?? 0 : 0;
        stream.resume();
        await new Promise((r) => stream.on('end', r));
      }
    })().then(() => next(), (err: Error) => next(err));
  });
  await pipeline(source, extract);
  if (!record) throw new AppError('BACKUP_DAMAGED', `The snapshot holds no ${RECORD_FILE}: it is not a tenant backup of this appliance.`);
  return { record, files, bytes };
}

function parseRecord(text: string): RestoredRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BACKUP_DAMAGED', `The snapshot's ${RECORD_FILE} is not valid JSON.`);
  }
  const checked = tenantRecordSchema.safeParse(json);
  const parsed = checked.success ? checked.data : null;
  if (!parsed || !READABLE_FORMATS.includes(parsed.format) || !parsed.customer?.subdomain || !parsed.deployment?.encryptionKey) {
    throw new AppError('BACKUP_DAMAGED', `The snapshot's ${RECORD_FILE} is not a tenant record this appliance can read (format ${String(fieldOf(json, 'format'))}).`);
  }
  return parsed;
}
