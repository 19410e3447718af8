/** HTTPS: browsers give camera access only to secure origins, so anything beyond localhost needs it. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export async function tlsOptions(config: Config): Promise<{ key: string; cert: string } | undefined> {
  if (config.HTTPS === 'off') return undefined;
  if (config.HTTPS === 'files') {
    return { key: fs.readFileSync(config.TLS_KEY_FILE!, 'utf8'), cert: fs.readFileSync(config.TLS_CERT_FILE!, 'utf8') };
  }
  const dir = path.join(config.dataDir, 'tls');
  const keyFile = path.join(dir, 'self-signed.key');
  const certFile = path.join(dir, 'self-signed.crt');
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    const selfsigned = await import('selfsigned');
    const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : 'localhost';
    const pems = await selfsigned.generate([{ name: 'commonName', value: host }], {
      keySize: 2048,
      days: 825,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: host }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    } as never);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
    fs.writeFileSync(certFile, pems.cert);
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}
