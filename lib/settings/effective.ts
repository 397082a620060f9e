import 'server-only';
import { env } from '../env';
import type { Settings } from './schema';

/**
 * The values in force where a setting may be left empty: the setting, else the environment.
 * No database access, so adapters (the proxy's forward target) can use them too.
 */
export function effectiveDataDir(s: Settings): string {
  return s.data_dir || env().DATA_DIR;
}
export function effectiveDockerNetwork(s: Settings): string {
  return s.docker_network || env().DOCKER_NETWORK;
}
export function effectiveForwardHost(s: Settings): string {
  return s.npm_forward_host || env().HOST_IP;
}
