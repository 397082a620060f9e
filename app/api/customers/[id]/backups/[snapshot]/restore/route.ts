import { json, route } from '@/lib/api/route';
import { restoreSnapshot } from '@/lib/backups/manage-backups';
import { restoreRequestSchema, snapshotIdSchema } from '@/lib/backups/schemas';
import { validationError } from '@/lib/errors';

export const POST = route({ access: 'backups:restore', body: restoreRequestSchema }, async ({ actor, params, body }) => {
  const snapshot = snapshotIdSchema.safeParse(params.snapshot);
  if (!snapshot.success) throw validationError(snapshot.error);
  return json(await restoreSnapshot(actor, params.id, snapshot.data, body), 202);
});
