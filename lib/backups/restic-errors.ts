import { AppError } from '../errors';

/** The last meaningful lines of restic's error output: what an operator needs to read. */
function lastLines(stderr: string, n = 4): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('{'))
    .slice(-n)
    .join(' ')
    .slice(0, 800);
}

/** Maps restic's failure to one of our codes; the message keeps restic's own reason. */
export function classifyResticFailure(stderr: string, code: number | null, signal: NodeJS.Signals | null): AppError {
  const text = lastLines(stderr) || `restic exited with ${signal ?? `code ${code}`}`;
  const has = (re: RegExp) => re.test(stderr);
  if (has(/wrong password|no key found/i)) return new AppError('BACKUP_WRONG_PASSWORD', `The repository password is wrong: ${text}`);
  // S3 refusals first: restic adds "Is there a repository at …?" to them, which is not the cause.
  if (has(/InvalidAccessKeyId|Access Key Id you provided does not exist|SignatureDoesNotMatch|signature we calculated does not match|AccessDenied|Access Denied/i)) {
    return new AppError('BACKUP_REPO_UNREACHABLE', `The S3 server refused the credentials (check the access key, the secret key and the key's rights on the bucket): ${text}`);
  }
  if (has(/no space left on device|disk quota exceeded/i)) return new AppError('BACKUP_NO_SPACE', `The backup repository is full: ${text}`);
  if (has(/repository is already locked|unable to create lock/i)) return new AppError('BACKUP_REPO_LOCKED', `The backup repository is locked by another operation: ${text}`);
  if (has(/ciphertext verification failed|checksum mismatch|Load\(<data|hash does not match|invalid data returned|unexpected EOF|pack .* contains .* error/i)) {
    return new AppError('BACKUP_DAMAGED', `The backup data is damaged: ${text}`);
  }
  if (has(/config file.*(does not exist|no such file)/i)) return new AppError('BACKUP_REPO_NOT_FOUND', `No backup repository at this location: ${text}`);
  // Before restic's generic "Is there a repository at …?" hint, which it also adds to a refused connection.
  if (has(/connection refused|no route to host|network is unreachable|i\/o timeout|dial tcp|ssh: |Permission denied|Host key verification failed|unable to start the sftp session|no such host|subprocess ssh|connection reset|EOF while|lookup /i)) {
    return new AppError('BACKUP_REPO_UNREACHABLE', `The backup repository cannot be reached: ${text}`);
  }
  if (has(/Is there a repository at the following location/i)) return new AppError('BACKUP_REPO_NOT_FOUND', `No backup repository at this location: ${text}`);
  if (signal) return new AppError('TIMEOUT', `restic was stopped (${signal}): ${text}`);
  return new AppError('BACKUP_FAILED', `restic failed: ${text}`);
}
