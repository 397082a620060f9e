import 'server-only';
import { Transform } from 'node:stream';
import path from 'node:path';
import tar from 'tar-stream';
import { MANAGEMENT_DATA_PATH } from '../backups/backup-tenant';
import { readArchive, writeArchive } from '../backups/container-files';
import type { Engine } from '../docker/engine';
import type { ContainerSpec } from '../docker/types';
import { managementServiceOf, type TenantStackSpec } from '../netbird/stack-spec';

/** Written into the target's management data after the copy: finding it in the source's directory means both hosts share one directory. */
export const MOVE_MARKER = '.netbird-msp-move';

export interface CopiedData {
  bytes: number;
}

/**
 * Management's data (/var/lib/netbird: the store, events, the identity provider's database)
 * from the stopped source container into the created, not yet started target container,
 * streamed engine to engine through the Docker archive API: nothing lands on the appliance's
 * disk, and the same code works for any pair of hosts. The target is fresh, so no stale SQLite
 * sidecar can be replayed onto the copied store.
 */
export async function copyManagementData(source: { engine: Engine; containerId: string }, target: { engine: Engine; containerId: string }, moveId: string): Promise<CopiedData> {
  const parent = path.posix.dirname(MANAGEMENT_DATA_PATH);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const archive = await readArchive(source.engine, source.containerId, MANAGEMENT_DATA_PATH);
  archive.on('error', (err) => counter.destroy(err));
  await writeArchive(target.engine, target.containerId, parent, archive.pipe(counter));
  await writeArchive(target.engine, target.containerId, MANAGEMENT_DATA_PATH, markerTar(moveId));
  return { bytes };
}

function markerTar(moveId: string): tar.Pack {
  const pack = tar.pack();
  pack.entry({ name: MOVE_MARKER, mode: 0o644 }, moveId);
  pack.finalize();
  return pack;
}

/** Where the management container's data lives on its host (the bind mount's source). */
export function managementDataDir(spec: TenantStackSpec): string | undefined {
  const service = managementServiceOf(spec.layout);
  const c: ContainerSpec | undefined = spec.containers.find((x) => x.service === service);
  return c?.binds.find((b) => b.target === MANAGEMENT_DATA_PATH)?.source;
}
