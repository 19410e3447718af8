/** Checking signed PDFs in tests with Debian's poppler `pdfsig`, the local CA trusted in an NSS database of its own. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An NSS database (for `pdfsig -nssdir`) that trusts the given CA certificate (PEM); poppler checks signers for S/MIME, so the CA is trusted for it (`C,C,C`, not only SSL's `C,,`). */
export function nssDbTrusting(caPem: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-nss-'));
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  const pem = path.join(dir, 'ca.pem');
  fs.writeFileSync(pem, caPem);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'giaoban-ca', '-t', 'C,C,C', '-i', pem]);
  return dir;
}

export interface PdfsigSignature {
  field: string;
  commonName: string;
  valid: boolean;
  trusted: boolean;
  wholeDocument: boolean;
  raw: string;
}

/** `pdfsig`'s report of each signature of the file. */
export function pdfsig(pdf: Buffer, nssDir?: string): PdfsigSignature[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-pdfsig-')), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  let out: string;
  try {
    out = execFileSync('pdfsig', [...(nssDir ? ['-nssdir', `sql:${nssDir}`] : []), file], { encoding: 'utf8' });
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((raw) => ({
      field: /Signature Field Name: (.*)/.exec(raw)?.[1] ?? '',
      commonName: /Signer Certificate Common Name: (.*)/.exec(raw)?.[1] ?? '',
      valid: /Signature Validation: Signature is Valid\./.test(raw),
      trusted: /Certificate Validation: Certificate is Trusted\./.test(raw),
      wholeDocument: /Total document signed/.test(raw),
      raw,
    }));
}
