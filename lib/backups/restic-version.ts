import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../errors';
import { resticBinary } from './restic';
import { errorMessage, stringField } from '../caught';
import { globalSingleton } from '../global-singleton';
import { log } from '../log';

const run = promisify(execFile);

const INSTALL_HINT = 'install the Debian package "restic" (apt-get install restic; the appliance image and install.sh include it), or set RESTIC_BINARY to its path';

/** The oldest restic this code is written against (Debian 12's): --json backup summaries, dump, unlock. */
export const MIN_RESTIC = [0, 14, 0] as const;

export function parseResticVersion(text: string): [number, number, number] | null {
  const m = /restic (\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** `restic version`, checked: a clear error when it is missing or too old. */
export async function resticVersion(): Promise<string> {
  let out: string;
  try {
    out = (await run(resticBinary(), ['version'], { timeout: 10_000 })).stdout;
  } catch (err) {
    const code = stringField(err, 'code');
    if (code === 'ENOENT') throw new AppError('BACKUP_ENGINE_MISSING', `restic is not installed (${resticBinary()} not found), so backups cannot run: ${INSTALL_HINT}.`);
    throw new AppError('BACKUP_ENGINE_MISSING', `restic did not run (${errorMessage(err)}), so backups cannot run: ${INSTALL_HINT}.`);
  }
  const version = parseResticVersion(out);
  if (!version) throw new AppError('BACKUP_ENGINE_MISSING', `"${resticBinary()} version" printed something unexpected: ${out.trim().slice(0, 200)}`);
  if (!atLeast(version, MIN_RESTIC)) throw new AppError('BACKUP_ENGINE_MISSING', `restic ${version.join('.')} is too old: backups need ${MIN_RESTIC.join('.')} or newer; ${INSTALL_HINT}.`);
  return version.join('.');
}

export interface ResticEngineStatus {
  version: string | null;
  /** Why backups cannot run, with how to install restic; null when it is fine. */
  error: string | null;
  checked_at: string;
}

const g = globalSingleton<{ resticEngine?: ResticEngineStatus }>('resticEngine', () => ({}));

/** The last check of restic, repeated when older than `maxAgeMs` (an operator may install it meanwhile). */
export async function resticEngineStatus(maxAgeMs = 5 * 60_000): Promise<ResticEngineStatus> {
  const last = g.resticEngine;
  if (last && Date.now() - Date.parse(last.checked_at) < maxAgeMs) return last;
  const checked_at = new Date().toISOString();
  try {
    g.resticEngine = { version: await resticVersion(), error: null, checked_at };
  } catch (err) {
    g.resticEngine = { version: null, error: errorMessage(err), checked_at };
  }
  return g.resticEngine;
}

/** At start-up: restic is checked and logged, so a missing engine shows before a backup fails. */
export async function checkResticAtStartup(): Promise<ResticEngineStatus> {
  const status = await resticEngineStatus(0);
  if (status.error) log.error('backups cannot run: restic is missing or unusable', { error: status.error });
  else log.info('backup engine found', { restic: status.version });
  return status;
}
