import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../errors';
import { resticBinary } from './restic';
import { errorMessage, stringField } from '../caught';

const run = promisify(execFile);

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
    if (code === 'ENOENT') throw new AppError('BACKUP_ENGINE_MISSING', 'restic is not installed, so backups cannot run: install the Debian package "restic" (apt-get install restic), or set RESTIC_BINARY to its path.');
    throw new AppError('BACKUP_ENGINE_MISSING', `restic did not run: ${errorMessage(err)}`);
  }
  const version = parseResticVersion(out);
  if (!version) throw new AppError('BACKUP_ENGINE_MISSING', `"${resticBinary()} version" printed something unexpected: ${out.trim().slice(0, 200)}`);
  if (!atLeast(version, MIN_RESTIC)) throw new AppError('BACKUP_ENGINE_MISSING', `restic ${version.join('.')} is too old: backups need ${MIN_RESTIC.join('.')} or newer.`);
  return version.join('.');
}
