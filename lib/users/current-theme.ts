import 'server-only';
import { currentActor } from '../auth/resolve-actor';
import { userPreferences } from '../auth/users-lookup';

/** The signed-in user's saved colour theme, light by default. */
export async function currentTheme(): Promise<'light' | 'dark'> {
  const actor = await currentActor().catch(() => null);
  if (!actor?.userId) return 'light';
  const prefs = await userPreferences(actor.userId);
  return prefs?.theme === 'dark' ? 'dark' : 'light';
}
