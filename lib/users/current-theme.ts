import { currentActor } from '../auth/resolve-actor';
import { db } from '../db';

/** The signed-in user's saved colour theme, light by default. */
export async function currentTheme(): Promise<'light' | 'dark'> {
  const actor = await currentActor().catch(() => null);
  if (!actor?.userId) return 'light';
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { theme: true } });
  return user?.theme === 'dark' ? 'dark' : 'light';
}
