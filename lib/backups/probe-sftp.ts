import net from 'node:net';
import { AppError } from '../errors';

/**
 * Connects to the SFTP server's TCP port before restic starts ssh. When the port is closed,
 * restic often reports only "unable to start the sftp session, error: EOF" (ssh's own reason
 * can be lost on the way), which tells an operator nothing; this names the address and why.
 */
export function assertSftpReachable(target: string, port: number, timeoutMs = 10_000): Promise<void> {
  const at = target.indexOf('@');
  const colon = target.indexOf(':', at);
  const host = target.slice(at + 1, colon).replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new AppError('BACKUP_REPO_UNREACHABLE', `The backup repository cannot be reached: the SFTP server ${host} port ${port} ${why}. Check the host, the port and that its SSH server runs.`));
    };
    socket.setTimeout(timeoutMs, () => fail(`did not answer within ${timeoutMs / 1000} s`));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ECONNREFUSED' ? 'refused the connection' : `could not be connected (${err.code ?? err.message})`));
  });
}
