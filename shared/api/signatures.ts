import { z } from 'zod';

/**
 * Digital signatures (R3.12, R4.1, R4.3; PAdES): documents to sign ("signables") with their signers in order, the
 * signers' certificates (issued by the local certification authority or imported as PKCS#12), and the verify page.
 */

export const signableKinds = ['minutes', 'conclusions_notice', 'attendance', 'invitation', 'report'] as const;
export type SignableKind = (typeof signableKinds)[number];

export interface SignableCertificateView {
  subject: string;
  issuer: string;
  serialNumber: string;
}

export interface SignableSignerView {
  position: number;
  userId: string;
  name: string;
  title: string;
  /** ISO 8601, UTC; null until signed. */
  signedAt: string | null;
  certificate: SignableCertificateView | null;
}

export interface SignableView {
  id: string;
  kind: SignableKind;
  subjectId: string;
  title: string;
  state: 'signing' | 'signed';
  createdAt: string;
  createdBy: { id: string; name: string };
  signers: SignableSignerView[];
  /** Who signs next; null once all have signed. */
  nextSignerId: string | null;
  /** The signed-in person is the next signer. */
  youSignNext: boolean;
}

// GET /api/signables?kind=&subjectId= → SignableView[] (those the person created, signs, or, for the operator, all)
export const signablesQuery = z.object({ kind: z.enum(signableKinds), subjectId: z.string().min(1).max(200) });
// GET /api/signables/:id → SignableView | signable_not_found
// GET /api/signables/:id/pdf → application/pdf (the current bytes, with every signature so far)
// POST /api/signables/:id/sign { code } → SignableView | signature_not_your_turn | signature_complete |
//   signature_document_altered | signature_certificate_revoked | signature_certificate_expired |
//   signature_second_factor_required | second_factor_invalid
export const signBody = z.object({ code: z.string().regex(/^\d{6}$/) });
export type SignBody = z.input<typeof signBody>;

export interface SigningCertificateView {
  id: string;
  userId: string;
  userName: string;
  source: 'local' | 'imported';
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  createdAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  /** valid: may sign now; expired; revoked; not_yet_valid. */
  status: 'valid' | 'expired' | 'revoked' | 'not_yet_valid';
}

// GET /api/signing-certificates (operator: all; others: their own) → SigningCertificateView[]
// POST /api/signing-certificates { userId } (operator) → SigningCertificateView: issued by the local CA
export const issueCertificateBody = z.object({ userId: z.string().uuid() });
// POST /api/signing-certificates/import { userId, p12Base64, passphrase } (operator) → SigningCertificateView | signature_p12_invalid
export const importCertificateBody = z.object({ userId: z.string().uuid(), p12Base64: z.string().min(4).max(200_000).regex(/^[A-Za-z0-9+/=\s]+$/), passphrase: z.string().max(200) });
export type ImportCertificateBody = z.input<typeof importCertificateBody>;
// POST /api/signing-certificates/:id/revoke { reason } (operator) → SigningCertificateView
export const revokeCertificateBody = z.object({ reason: z.string().trim().min(3).max(500) });
// GET /api/signatures/authority.pem → the local CA's certificate (public), to trust it in a PDF reader

/** One signature found in a PDF by the verify page. */
export interface VerifiedSignatureView {
  /** From the certificate (CN); the signature dictionary's /Name when there is no certificate. */
  signer: string | null;
  /** /Reason (the signer's title) and /Location (unit) as written in the signature. */
  reason: string | null;
  location: string | null;
  signingTime: string | null;
  certificate: {
    subject: string;
    issuer: string;
    serialNumber: string;
    fingerprint: string;
    notBefore: string;
    notAfter: string;
    /** Issued by this system's certification authority, or a certificate imported into it. */
    knownHere: boolean;
    /** Revoked by the operator (only known for certificates of this system). */
    revokedAt: string | null;
  } | null;
  /** The bytes it covers are those that were signed (digest and signature hold). */
  intact: boolean;
  /** Nothing was added after this signature. */
  coversWholeDocument: boolean;
}

// POST /api/signatures/verify (anyone, signed in or not; the PDF as the body, application/pdf, ≤ 20 MB) → VerifyReport
export interface VerifyReport {
  signatures: VerifiedSignatureView[];
  /** Every signature intact and the last one covering the whole file: not altered since it was signed. */
  unaltered: boolean;
  /** The document is one this system keeps (by its SHA-256), with that document's title. */
  knownDocument: { title: string; kind: SignableKind; state: 'signing' | 'signed' } | null;
}
