import 'server-only';
import Database from 'better-sqlite3';
import { env } from './env';
import { globalSingleton } from './global-singleton';

/**
 * A number that changes whenever anyone commits to the database: SQLite's `data_version`
 * read on a connection of our own that never writes, so every commit — by the appliance's
 * client in this process, by another process, by hand — counts as "another connection".
 * Reading it is a few microseconds, so hot reads can be cached until it moves.
 */
const g = globalSingleton<{ dbVersionProbe?: { file: string; read: () => number } }>('dbVersionProbe', () => ({}));

function probe(): () => number {
  const file = env().DATABASE_PATH;
  if (g.dbVersionProbe?.file !== file) {
    const conn = new Database(file, { readonly: true, fileMustExist: true });
    const stmt = conn.prepare('PRAGMA data_version').pluck();
    g.dbVersionProbe = { file, read: () => Number(stmt.get()) };
  }
  return g.dbVersionProbe.read;
}

export function databaseVersion(): number {
  return probe()();
}
