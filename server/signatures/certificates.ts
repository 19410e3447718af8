/**
 * Certificates for signing (node-forge for X.509 and PKCS#12, node's crypto for keys): the local certification
 * authority's own certificate, the personal certificates it issues, and PKCS#12 files from a real CA read back into
 * a certificate, its issuers and a private key. Keys are RSA 2048 (what Vietnamese public CAs issue, and what every
 * PDF reader verifies).
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export class CertificateError extends Error {}

export interface KeyAndCertificate {
  certificatePem: string;
  /** PKCS#8 PEM (to be sealed before storing). */
  keyPem: string;
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

// forge encodes a UTF8String's value as UTF-8 itself
const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

function newKeys(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A positive 128-bit serial, hex. */
const serial = () => {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
};

const YEAR_MS = 365 * 24 * 3600_000;

/** The local CA: a self-signed certificate (20 years) for signing certificates only. */
export function createAuthority(name: string, organisation: string, now = new Date()): KeyAndCertificate {
  const keys = newKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 20 * YEAR_MS);
  const attrs = [{ name: 'commonName', ...utf8(name) }, { name: 'organizationName', ...utf8(organisation) }, { name: 'countryName', value: 'VN' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privatePem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

export interface PersonalSubject {
  name: string;
  title: string;
  unit: string;
  email: string;
}

/** A signer's personal certificate issued by the local CA (`years` of validity). */
export function issuePersonal(ca: KeyAndCertificate, subject: PersonalSubject, opts: { now?: Date; validMs?: number } = {}): KeyAndCertificate {
  const now = opts.now ?? new Date();
  const keys = newKeys();
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (opts.validMs ?? 2 * YEAR_MS));
  const attrs = [
    { name: 'commonName', ...utf8(subject.name) },
    ...(subject.title ? [{ name: 'title', ...utf8(subject.title) }] : []),
    { name: 'organizationName', ...utf8(subject.unit) },
    { name: 'countryName', value: 'VN' },
  ];
  cert.setSubject(attrs);
  // forge reads UTF8String values back as their UTF-8 bytes and would encode them again
  cert.setIssuer(caCert.subject.attributes.map((a) => (a.valueTagClass === (forge.asn1.Type.UTF8 as unknown) ? { ...a, value: forge.util.decodeUtf8(a.value as string) } : a)));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectAltName', altNames: [{ type: 1, value: subject.email }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem };
}

/** Name, issuer, serial, fingerprint and validity of a certificate (PEM). */
export function factsOf(pem: string): CertificateFacts {
  const x = new X509Certificate(pem);
  return {
    subject: commonName(x.subject) ?? x.subject,
    issuer: commonName(x.issuer) ?? x.issuer,
    serialNumber: x.serialNumber.toUpperCase(),
    fingerprint: createHash('sha256').update(x.raw).digest('hex'),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
  };
}

/** The CN of a distinguished name as node prints it (`CN=…\nO=…`, UTF-8). */
export function commonName(dn: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1];
}

export const pemToDer = (pem: string): Buffer => Buffer.from(new X509Certificate(pem).raw);
export const splitPems = (pems: string): string[] => pems.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];

/**
 * Reads a PKCS#12 file: the certificate matching its RSA private key, and the other certificates as its chain.
 * Throws CertificateError when the passphrase is wrong, or no RSA key and matching certificate are inside.
 */
export function readPkcs12(p12: Buffer, passphrase: string): KeyAndCertificate & { chainPem: string } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
  } catch {
    throw new CertificateError('unreadable, or wrong passphrase');
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key?.n) throw new CertificateError('no RSA private key inside');
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!own) throw new CertificateError('no certificate matches the private key');
  const keyPem = createPrivateKey(forge.pki.privateKeyToPem(key)).export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    certificatePem: forge.pki.certificateToPem(own),
    keyPem,
    chainPem: certs
      .filter((c) => c !== own)
      .map((c) => forge.pki.certificateToPem(c))
      .join(''),
  };
}
