import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { LOCAL_ENGINE_ID } from '../docker/engine';
import { removeHostDir, runHostScript, writeHostFiles, type HostEntry, type HostScript } from '../docker/host-files';
import type { Engine } from '../docker/types';
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

/** The tenant's directory, data directories and files as entries relative to the tenants' root. */
export function tenantEntries(spec: TenantStackSpec, files: RenderedFiles): HostEntry[] {
  const root = path.dirname(spec.tenantDir);
  const rel = (p: string) => path.relative(root, p);
  const dirs = [spec.tenantDir, path.join(spec.tenantDir, 'data'), ...dataMountDirs(spec)];
  return [
    ...[...new Set(dirs)].map((d): HostEntry => ({ path: rel(d), mode: 0o750, dir: true })),
    ...tenantFilesOf(spec.layout).map((file): HostEntry => ({
      path: rel(path.join(spec.tenantDir, file)),
      mode: SECRET_FILES.has(file) ? 0o600 : 0o644,
      content: fileText(files, file),
    })),
  ];
}

/**
 * The name a restore gives the management data while it swaps the restored data in
 * (lib/backups/host-data.ts). Found without `management` beside it, the swap was cut off between
 * its renames and it is the tenant's data.
 */
export const SET_ASIDE_DATA = '.restore-old';

/** The shell line that renames `aside` back to `inPlace` when only the former exists (both given as shell words, e.g. '"$1"'). */
export function putBackSetAside(aside: string, inPlace: string): string {
  return `if [ -e ${aside} ] && [ ! -e ${inPlace} ]; then mv -- ${aside} ${inPlace} || exit 1; fi`;
}

/** `data/<SET_ASIDE_DATA>` back to `data/management` when only the former exists ($1, $2 relative to the tenants' root). */
function setAsideScript(spec: TenantStackSpec): HostScript {
  const data = path.relative(path.dirname(spec.tenantDir), path.join(spec.tenantDir, 'data'));
  return { script: putBackSetAside('"$1"', '"$2"'), args: [path.join(data, SET_ASIDE_DATA), path.join(data, 'management')] };
}

/** How a tenant's files on `engine` are reached: directly on this machine, or through that engine with a helper of the stack's own Caddy image. */
export function filesOn(engine: Engine, spec: TenantStackSpec): { engine: Engine; image: string } | undefined {
  return engine.id === LOCAL_ENGINE_ID ? undefined : { engine, image: spec.images.caddy ?? spec.template.images.caddy };
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

async function putBackSetAsideLocally(spec: TenantStackSpec): Promise<void> {
  const aside = path.join(spec.tenantDir, 'data', SET_ASIDE_DATA);
  const management = path.join(spec.tenantDir, 'data', 'management');
  if ((await exists(aside)) && !(await exists(management))) await fs.rename(aside, management);
}

/**
 * Before a stack starts without a redeploy (start, restart): management data left set aside by a
 * cut-off restore swap goes back in place. Else the engine would create the missing bind
 * directory empty and management would start on it with new keys, the tenant's data beside it.
 */
export async function putBackSetAsideData(spec: TenantStackSpec, remote?: { engine: Engine; image: string }): Promise<void> {
  if (!remote) return putBackSetAsideLocally(spec);
  await runHostScript(remote.engine, remote.image, path.dirname(spec.tenantDir), 'put back set-aside management data', setAsideScript(spec));
}

/**
 * Writes the rendered files into <root>/<sub>/ and creates the data directories the containers
 * mount. Existing data is never touched: directories are only ever created, and management data
 * left set aside by a cut-off restore swap is put back first, so the stack never starts on an
 * empty directory beside it. On another host (`remote`: its engine and an image present there)
 * everything goes through that engine's API (lib/docker/host-files), so the files land on the
 * host whose containers bind-mount them.
 */
export async function writeTenantFiles(spec: TenantStackSpec, files: RenderedFiles, remote?: { engine: Engine; image: string }): Promise<void> {
  if (remote) {
    await writeHostFiles(remote.engine, remote.image, path.dirname(spec.tenantDir), tenantEntries(spec, files), setAsideScript(spec));
    return;
  }
  await putBackSetAsideLocally(spec);
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
export async function purgeTenantDir(
  spec: Pick<TenantStackSpec, 'tenantDir' | 'subdomain'>,
  dataRoot: string,
  remote?: { engine: Engine; image: string },
): Promise<void> {
  const root = path.resolve(dataRoot);
  const dir = path.resolve(spec.tenantDir);
  if (!/^[a-z0-9-]+$/.test(spec.subdomain) || path.dirname(dir) !== root || path.basename(dir) !== spec.subdomain || root === '/') {
    throw new AppError('INTERNAL', `Refusing to delete ${dir}: not a tenant directory under ${root}`);
  }
  if (remote) await removeHostDir(remote.engine, remote.image, root, spec.subdomain);
  else await fs.rm(dir, { recursive: true, force: true });
}
