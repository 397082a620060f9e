import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { fileText, tenantFilesOf, type RenderedFiles } from './render-files';
import { dataMountDirs, type TenantStackSpec } from './stack-spec';

/** Files holding the relay secret or the encryption key are readable by the owner only. */
const SECRET_FILES = new Set(['management.json', 'relay.env', 'config.yaml']);

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await fs.writeFile(tmp, content, { mode, flag: 'wx' });
    // rename is atomic: a reader (or a crash) sees the old file or the new one, never half of one.
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes the rendered files into DATA_DIR/<sub>/ and creates the data directories the
 * containers mount. Existing data is never touched: directories are only ever created.
 */
export async function writeTenantFiles(spec: TenantStackSpec, files: RenderedFiles): Promise<void> {
  await fs.mkdir(spec.tenantDir, { recursive: true, mode: 0o750 });
  await Promise.all(dataMountDirs(spec).map((dir) => fs.mkdir(dir, { recursive: true, mode: 0o750 })));
  // A migrated tenant keeps the other layout's files beside these: the way back to classic reads nothing from them, but an operator may.
  for (const file of tenantFilesOf(spec.layout)) {
    await writeAtomically(path.join(spec.tenantDir, file), fileText(files, file), SECRET_FILES.has(file) ? 0o600 : 0o644);
  }
}

/**
 * Deletes DATA_DIR/<sub>/ with the tenant's databases. Only an explicit customer delete with
 * purge may call this; it refuses any path that is not exactly <data root>/<subdomain>.
 */
export async function purgeTenantDir(spec: Pick<TenantStackSpec, 'tenantDir' | 'subdomain'>, dataRoot: string): Promise<void> {
  const root = path.resolve(dataRoot);
  const dir = path.resolve(spec.tenantDir);
  if (!/^[a-z0-9-]+$/.test(spec.subdomain) || path.dirname(dir) !== root || path.basename(dir) !== spec.subdomain) {
    throw new AppError('INTERNAL', `Refusing to delete ${dir}: not a tenant directory under ${root}`);
  }
  await fs.rm(dir, { recursive: true, force: true });
}
