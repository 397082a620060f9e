import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment alone configures the database.
}

function databaseUrl(): string {
  const file = process.env.DATABASE_PATH ?? './data/netbird_msp.db';
  return `file:${path.resolve(file)}`;
}
process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaBetterSQLite3({ url: databaseUrl() }),
});
