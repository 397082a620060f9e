import 'server-only';
import { db } from './db';
import { env } from './env';
import { applyMigrations } from './migrate';
import { generatePassword, hashPassword, PASSWORD_MIN } from './auth/password';
import { log } from './log';

/**
 * Creates the first administrator when no user exists. Without ADMIN_PASSWORD
 * a password is generated and printed once to the console — the only place it
 * is ever shown.
 */
export async function ensureFirstAdmin(): Promise<void> {
  if ((await db().user.count()) > 0) return;
  const { ADMIN_USERNAME, ADMIN_PASSWORD, ADMIN_EMAIL } = env();
  if (ADMIN_PASSWORD !== undefined && ADMIN_PASSWORD.length < PASSWORD_MIN) {
    throw new Error(`ADMIN_PASSWORD must be at least ${PASSWORD_MIN} characters.`);
  }
  const password = ADMIN_PASSWORD ?? generatePassword();
  await db().user.create({
    data: { username: ADMIN_USERNAME.toLowerCase(), email: ADMIN_EMAIL ?? null, passwordHash: await hashPassword(password), role: 'admin' },
  });
  await db().auditEvent.create({ data: { actorName: 'system', actorType: 'system', action: 'user.create', target: `user:${ADMIN_USERNAME.toLowerCase()}`, details: JSON.stringify({ role: 'admin', first_start: true }) } });
  if (ADMIN_PASSWORD === undefined) {
    process.stdout.write(
      `\n============================================================\n` +
        ` First start: administrator account created\n   username: ${ADMIN_USERNAME.toLowerCase()}\n   password: ${password}\n` +
        ` This password is shown only once. Change it after signing in.\n` +
        `============================================================\n\n`,
    );
  } else {
    log.info('administrator account created', { username: ADMIN_USERNAME.toLowerCase() });
  }
}

/** Everything the server needs before it serves a request: migrations, then the first admin. */
export async function bootstrap(): Promise<void> {
  const applied = applyMigrations(env().DATABASE_PATH);
  if (applied.length) log.info('database migrated', { applied });
  await ensureFirstAdmin();
}
