import 'server-only';
import { db } from '../db';
import { AppError } from '../errors';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { recordAudit } from '../audit/record';
import type { Prisma } from '../generated/prisma/client';
import { toUserView, type CreateUserInput, type UpdateUserInput, type UserView } from './schemas';

type Tx = Prisma.TransactionClient;

export async function listUsers(): Promise<UserView[]> {
  const rows = await db().user.findMany({ orderBy: { username: 'asc' } });
  return rows.map(toUserView);
}

export async function getUser(id: string): Promise<UserView> {
  const row = await db().user.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', 'User not found.');
  return toUserView(row);
}

async function assertUsernameFree(tx: Tx, username: string, exceptId?: string): Promise<void> {
  const other = await tx.user.findUnique({ where: { username } });
  if (other && other.id !== exceptId) throw new AppError('USERNAME_TAKEN', `The username "${username}" is already taken.`, { field: 'username' });
}

/** The last enabled admin must stay an enabled admin: otherwise nobody could manage the appliance. */
async function assertKeepsAnAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: userId } } });
  if (others === 0) throw new AppError('LAST_ADMIN', 'This is the last active administrator: create or enable another admin first.');
}

export async function createUser(actor: Actor, input: CreateUserInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const row = await db().$transaction(async (tx) => {
    await assertUsernameFree(tx, input.username);
    const created = await tx.user.create({
      data: { username: input.username, email: input.email ?? null, passwordHash, role: input.role, language: input.language ?? null, disabled: input.disabled ?? false },
    });
    await recordAudit(actor, { action: 'user.create', target: `user:${created.username}`, details: { role: created.role } }, tx);
    return created;
  });
  return toUserView(row);
}

export async function updateUser(actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const row = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    if (input.username && input.username !== user.username) await assertUsernameFree(tx, input.username, id);
    const losesAdmin = user.role === 'admin' && !user.disabled && ((input.role && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin) await assertKeepsAnAdmin(tx, id);
    // A new password or disabling the account revokes every token and session of that user.
    const revoke = Boolean(passwordHash) || input.disabled === true;
    const updated = await tx.user.update({
      where: { id },
      data: {
        username: input.username,
        email: input.email,
        role: input.role,
        language: input.language,
        disabled: input.disabled,
        ...(passwordHash ? { passwordHash } : {}),
        ...(revoke ? { tokenVersion: { increment: 1 } } : {}),
      },
    });
    const changed = Object.keys(input).filter((k) => k !== 'password');
    if (passwordHash) changed.push('password');
    await recordAudit(actor, { action: 'user.update', target: `user:${updated.username}`, details: { changed } }, tx);
    return updated;
  });
  return toUserView(row);
}

export async function deleteUser(actor: Actor, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw new AppError('NOT_FOUND', 'User not found.');
    if (user.role === 'admin' && !user.disabled) await assertKeepsAnAdmin(tx, id);
    await tx.user.delete({ where: { id } });
    await recordAudit(actor, { action: 'user.delete', target: `user:${user.username}` }, tx);
  });
}
