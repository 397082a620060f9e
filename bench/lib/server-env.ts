import type { Appliance } from './appliance';
import { allowServerModules } from './server-modules';

/**
 * Points this process's copy of lib/ at the server's database and engine, so a measurement
 * can call the very functions the server runs (a full sync, a resource gather) and time them
 * alone. Call before the first dynamic import of lib/ code.
 */
export function useServerEnv(app: Appliance): void {
  allowServerModules();
  Object.assign(process.env, {
    DATABASE_PATH: app.env.DATABASE_PATH,
    DATA_DIR: app.env.DATA_DIR,
    SECRET_KEY: app.env.SECRET_KEY,
    LOG_LEVEL: 'warn',
  });
}
