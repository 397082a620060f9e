import 'server-only';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { MANAGEMENT_DATA_PATH } from '../backups/backup-tenant';
import { readArchive, serviceContainer } from '../backups/container-files';
import type { Engine } from '../docker/engine';
import { AppError } from '../errors';
import { COMBINED_CONFIG_PATH } from '../netbird/combined-stack';
import { ensureSecrets } from '../netbird/secrets';
import { managementServiceOf, type TenantStackSpec } from '../netbird/stack-spec';
import { getInstance } from '../netbird/tenant-client';

const CLASSIC_CONFIG_PATH = '/etc/netbird/management.json';

/** What must be the same after the move for peers to reconnect without enrolling again. */
export interface BeforeMove {
  encryptionKey: string;
  ownerExists: boolean;
}

export async function captureBeforeMove(customerId: string, ownerPassword: string | null): Promise<BeforeMove> {
  return { encryptionKey: (await ensureSecrets(customerId)).encryptionKey, ownerExists: Boolean(ownerPassword) };
}

/** Entry names (relative to the archived directory) and, for `wanted`, the text of that file. */
async function readEntries(stream: Readable, wanted?: string): Promise<{ names: Set<string>; text: string | null }> {
  const names = new Set<string>();
  let text: string | null = null;
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, entry, next) => {
      const name = header.name.split('/').slice(1).join('/');
      names.add(name);
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => {
        if (wanted !== undefined && header.name.endsWith(wanted)) chunks.push(c);
      });
      entry.on('end', () => {
        if (chunks.length) text = Buffer.concat(chunks).toString('utf8');
        next();
      });
      entry.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
  return { names, text };
}

/**
 * The target runs on the tenant's own data: management answers through the address NPM now
 * uses, the owner is still there (NetBird does not offer its setup again), the configuration
 * the target's management container reads holds the same store encryption key, and the store
 * the move copied is in its data directory.
 */
export async function verifyMoved(engine: Engine, spec: TenantStackSpec, before: BeforeMove, url: string): Promise<string> {
  const instance = await getInstance(url);
  const problems: string[] = [];
  if (before.ownerExists && instance.setup_required) problems.push('the owner is gone (NetBird offers its setup again)');
  const management = await serviceContainer(engine, spec.customerId, managementServiceOf(spec.layout));
  const configPath = spec.layout === 'combined' ? COMBINED_CONFIG_PATH : CLASSIC_CONFIG_PATH;
  const config = await readEntries(await readArchive(engine, management.id, configPath), configPath.split('/').pop());
  if (!config.text?.includes(before.encryptionKey)) problems.push('its configuration does not hold the store encryption key');
  const secrets = await ensureSecrets(spec.customerId);
  if (secrets.encryptionKey !== before.encryptionKey) problems.push('the recorded encryption key changed');
  const data = await readEntries(await readArchive(engine, management.id, MANAGEMENT_DATA_PATH));
  if (!data.names.has('store.db')) problems.push(`no store.db in ${MANAGEMENT_DATA_PATH}`);
  if (problems.length) throw new AppError('STACK_UNHEALTHY', `The moved stack does not run on the tenant's data: ${problems.join('; ')}`);
  return `Management answers at ${url}; owner, store and encryption key unchanged`;
}
