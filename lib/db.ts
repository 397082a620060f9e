import 'server-only';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { PrismaClient } from './generated/prisma/client';
import { oneWriterAtATime } from './db-transactions';
import { env } from './env';
import { globalSingleton } from './global-singleton';

const globalForDb = globalSingleton<{ prisma?: PrismaClient }>('prisma', () => ({}));

function enableWal(file: string): void {
  // WAL lets readers run during a write; busy_timeout makes writers wait instead of failing.
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
}

function createClient(): PrismaClient {
  const file = env().DATABASE_PATH;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  enableWal(file);
  const adapter = oneWriterAtATime(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 }));
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForDb.prisma ??= createClient();
  return globalForDb.prisma;
}

export type { PrismaClient };
