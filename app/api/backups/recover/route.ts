import { json, route } from '@/lib/api/route';
import { recoverFromRepository } from '@/lib/backups/recover';
import { recoverRequestSchema } from '@/lib/backups/schemas';

export const POST = route({ access: 'backups:restore', body: recoverRequestSchema }, async ({ actor, body }) => json(await recoverFromRepository(actor, body), 202));
