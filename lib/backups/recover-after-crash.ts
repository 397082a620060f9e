import { dockerCall } from '../docker/client';
import { allEngines } from '../docker/engine';
import { anyTenantFilter } from '../docker/labels';
import { db } from '../db';
import { log } from '../log';
import { sweepStoppedHelpers } from '../docker/host-files';
import { unpause } from './container-files';
import { sweepSftpKeyDirs, withRepository } from './open-repository';
import { clearStaleLocks } from './repository';

/**
 * At start-up, after an appliance that died mid-backup: no SFTP key file stays on disk, no tenant container stays paused,
 * backup records still `running` are failed, and restic's stale locks (of the dead process)
 * are removed so retention and the next backups are not blocked.
 */
export async function recoverBackupsAfterCrash(): Promise<void> {
  await sweepHelpers();
  try {
    const keys = await sweepSftpKeyDirs();
    if (keys) log.warn('removed SFTP key files left by an interrupted backup', { removed: keys });
  } catch (err) {
    log.error('could not remove SFTP key files left by an interrupted backup', { error: err instanceof Error ? err.message : String(err) });
  }
  try {
    for (const engine of allEngines()) {
      const paused = await dockerCall(engine, 'list paused tenant containers', (d) => d.listContainers({ all: true, filters: { ...anyTenantFilter(), status: ['paused'] } }));
      for (const c of paused) await unpause(engine, c.Id);
      if (paused.length) log.warn('unpaused tenant containers left paused by an interrupted backup', { containers: paused.map((c) => c.Names?.[0]) });
    }
  } catch (err) {
    log.error('could not check for paused tenant containers', { error: err instanceof Error ? err.message : String(err) });
  }
  const stale = await db().backup.updateMany({
    where: { state: 'running' },
    data: { state: 'failed', error: 'The appliance stopped while this backup ran; nothing of it was kept.', finishedAt: new Date() },
  });
  const configured = await db().setting.count({ where: { key: 'backup.password' } });
  if (!stale.count || !configured) return;
  try {
    await withRepository((repo) => clearStaleLocks(repo));
    log.info('cleared stale restic locks after an interrupted backup', { interrupted: stale.count });
  } catch (err) {
    log.warn('could not clear stale restic locks', { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Stopped file and backup-copy helpers on every engine go, with the copies they hold. */
export async function sweepHelpers(): Promise<void> {
  for (const engine of allEngines()) {
    try {
      const removed = await sweepStoppedHelpers(engine);
      if (removed) log.info('removed stopped helper containers', { engine: engine.id, removed });
    } catch (err) {
      log.warn('could not sweep helper containers', { engine: engine.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
