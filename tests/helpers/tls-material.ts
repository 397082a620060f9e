import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** PEM material for TLS hosts: a CA, a client certificate it signed with its key, and an unrelated key. */
export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
  otherKey: string;
}

let made: TlsMaterial | undefined;

/** Made once per process with openssl (EC keys: milliseconds), in a directory removed at once. */
export function tlsMaterial(): TlsMaterial {
  if (made) return made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-tls-'));
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=test CA', '-days', '2']);
    openssl(['req', '-new', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=client']);
    openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2']);
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key']);
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    made = { ca: read('ca.pem'), cert: read('client.pem'), key: read('client.key'), otherKey: read('other.key') };
    return made;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
