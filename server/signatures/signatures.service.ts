/**
 * Digital signatures (R3.12, R4.1, R4.3; PAdES baseline B-B): documents to sign with their signers in order, each
 * signature an incremental update filling the next empty signature field of the document (the signature blocks of
 * `server/pdf/admin-document.ts`), made with the signer's certificate at the moment they give their second-factor
 * code. Certificates come from the local certification authority (created on the first start, its key sealed under
 * the secrets key) or from a real CA as PKCS#12; the operator issues, imports and revokes them.
 *
 * Other domains hand their PDFs over with `createSignable(tx, …)` inside their own transaction.
 */
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import type { SignableKind, SignableView, SigningCertificateView, VerifyReport } from '../../shared/api';
import type { AuditService } from '../audit/audit.service';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../organisation/organisation.policy';
import type { UserRepository } from '../organisation/user.repository';
import { vnTime } from '../pdf/vn-date';
import type { SecretBox } from '../secrets/secret-box';
import { CertificateError, createAuthority, factsOf, issuePersonal, pemToDer, readPkcs12, splitPems, type KeyAndCertificate } from './certificates';
import { checkDetached, signDetached } from './cms';
import { emptySignatureFields, findSignatures, PdfStructureError, signNextField } from './pdf-signature';
import { LOCAL_AUTHORITY_ID, signingKeyContext, type CertificateRow, type SignableRow, type SignaturesRepository } from './signatures.repository';

export interface CreateSignableInput {
  kind: SignableKind;
  /** What the document is about (a meeting's id for the meeting's papers). */
  subjectId: string;
  title: string;
  /** The PDF, with at least one empty signature field per signer (admin-document's signature blocks). */
  pdf: Buffer;
  /** The signers, in the order they sign. */
  signerIds: string[];
  createdBy: string;
}

/** The second factor, as the accounts domain checks it (AuthService). */
export interface SecondFactor {
  stepForCode(userId: string, code: string): Promise<number>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const keyContext = signingKeyContext;
const refusalsAudited = new Set(['signature_document_altered', 'signature_certificate_revoked', 'signature_certificate_expired', 'signature_pdf_invalid']);
const CA_NAME = 'GiaoBan — Tổ chức cung cấp dịch vụ chứng thực nội bộ';

/** dd/MM/yyyy HH:mm:ss +07:00, as the stamp of a digitally signed document shows it. */
function stampTime(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${vnTime(d)}:${p(local.getUTCSeconds())} +07:00`;
}

export class SignaturesService {
  private authorityCache: KeyAndCertificate | undefined;

  constructor(
    private readonly db: Db,
    private readonly repo: SignaturesRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly secondFactor: SecondFactor,
    private readonly options: { organisation: string },
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ------------------------------------------------------------------------- the local certification authority

  /** Creates the local CA on the first start (one row; a second instance starting at once keeps the first's). */
  async start(): Promise<void> {
    if (await this.repo.authority()) return;
    const ca = createAuthority(CA_NAME, this.options.organisation);
    await this.db.transaction(async (tx) => {
      const created = await this.repo.insertAuthority({ id: LOCAL_AUTHORITY_ID, certificatePem: ca.certificatePem, sealedKey: this.secrets.seal(ca.keyPem, keyContext('signing_authorities', LOCAL_AUTHORITY_ID)) }, tx);
      if (created) await this.audit.record({ actorId: null, action: 'signature.authority_created', targetType: 'signing_authority', targetId: LOCAL_AUTHORITY_ID, data: { ...factsOf(ca.certificatePem) } }, tx);
    });
  }

  private async authority(tx: Db | Tx = this.db): Promise<KeyAndCertificate> {
    if (this.authorityCache) return this.authorityCache;
    const row = await this.repo.authority(tx);
    if (!row) throw new AppError('internal_error');
    return (this.authorityCache = { certificatePem: row.certificatePem, keyPem: this.secrets.open(row.sealedKey, keyContext('signing_authorities', LOCAL_AUTHORITY_ID)) });
  }

  async authorityPem(): Promise<string> {
    return (await this.authority()).certificatePem;
  }

  // ------------------------------------------------------------------------------------------ certificates

  private certificateView(c: CertificateRow & { userName: string }): SigningCertificateView {
    return {
      id: c.id,
      userId: c.userId,
      userName: c.userName,
      source: c.source,
      subject: c.subject,
      issuer: c.issuer,
      serialNumber: c.serialNumber,
      fingerprint: c.fingerprint,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      createdAt: c.createdAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
      revocationReason: c.revocationReason,
      status: this.statusOf(c),
    };
  }

  private statusOf(c: CertificateRow): SigningCertificateView['status'] {
    const now = this.now();
    if (c.revokedAt) return 'revoked';
    if (c.notAfter <= now) return 'expired';
    if (c.notBefore > now) return 'not_yet_valid';
    return 'valid';
  }

  async listCertificates(actor: Actor): Promise<SigningCertificateView[]> {
    const rows = await this.repo.certificates(actor.role === 'operator' ? undefined : actor.id);
    return rows.map((c) => this.certificateView(c));
  }

  private requireOperator(actor: Actor) {
    if (actor.role !== 'operator') throw new AppError('forbidden');
  }

  private async signerOrThrow(userId: string, tx: Db | Tx = this.db) {
    const person = await this.repo.person(userId, tx);
    if (!person) throw new AppError('user_not_found');
    return person;
  }

  /** A personal certificate from the local CA (the operator's action, or the first signature of someone without one). */
  private async issueIn(tx: Tx, userId: string, actorId: string, ip: string): Promise<CertificateRow> {
    const person = await this.signerOrThrow(userId, tx);
    const issued = issuePersonal(await this.authority(tx), { name: person.name, title: person.title, unit: person.unitName, email: person.email }, { now: this.now() });
    return this.storeCertificate(tx, { userId, actorId, source: 'local', ...issued, chainPem: (await this.authority(tx)).certificatePem }, ip);
  }

  private async storeCertificate(tx: Tx, c: { userId: string; actorId: string; source: 'local' | 'imported'; certificatePem: string; keyPem: string; chainPem: string }, ip: string): Promise<CertificateRow> {
    const facts = factsOf(c.certificatePem);
    const id = randomUUID();
    // sealed bound to its row: a key copied into another person's row does not open there
    const sealedKey = this.secrets.seal(c.keyPem, keyContext('signing_certificates', id));
    const row = await this.repo.insertCertificate({ id, userId: c.userId, source: c.source, certificatePem: c.certificatePem, chainPem: c.chainPem, sealedKey, ...facts, createdBy: c.actorId }, tx);
    await this.audit.record(
      { actorId: c.actorId, action: c.source === 'local' ? 'signature.certificate_issued' : 'signature.certificate_imported', targetType: 'user', targetId: c.userId, data: { certificateId: row.id, subject: facts.subject, issuer: facts.issuer, serialNumber: facts.serialNumber, notAfter: facts.notAfter.toISOString() }, ip },
      tx,
    );
    return row;
  }

  async issue(actor: Actor, userId: string, ip = ''): Promise<SigningCertificateView> {
    this.requireOperator(actor);
    const person = await this.signerOrThrow(userId);
    const row = await this.db.transaction((tx) => this.issueIn(tx, userId, actor.id, ip));
    return this.certificateView({ ...row, userName: person.name });
  }

  async importPkcs12(actor: Actor, input: { userId: string; p12Base64: string; passphrase: string }, ip = ''): Promise<SigningCertificateView> {
    this.requireOperator(actor);
    const person = await this.signerOrThrow(input.userId);
    let read: ReturnType<typeof readPkcs12>;
    try {
      read = readPkcs12(Buffer.from(input.p12Base64.replace(/\s+/g, ''), 'base64'), input.passphrase);
    } catch (err) {
      if (err instanceof CertificateError) throw new AppError('signature_p12_invalid', { p12Base64: err.message });
      throw err;
    }
    const row = await this.db.transaction((tx) => this.storeCertificate(tx, { userId: input.userId, actorId: actor.id, source: 'imported', ...read }, ip));
    return this.certificateView({ ...row, userName: person.name });
  }

  async revoke(actor: Actor, certificateId: string, reason: string, ip = ''): Promise<SigningCertificateView> {
    this.requireOperator(actor);
    const at = this.now();
    await this.db.transaction(async (tx) => {
      const cert = await this.repo.certificate(certificateId, tx);
      if (!cert) throw new AppError('signature_certificate_not_found');
      if (!(await this.repo.revoke(certificateId, actor.id, reason, at, tx))) return; // revoked already: nothing new
      await this.audit.record({ actorId: actor.id, action: 'signature.certificate_revoked', targetType: 'user', targetId: cert.userId, data: { certificateId, serialNumber: cert.serialNumber, reason }, ip }, tx);
    });
    const row = (await this.repo.certificates()).find((c) => c.id === certificateId)!;
    return this.certificateView(row);
  }

  // ------------------------------------------------------------------------------------- documents to sign

  /** A document to sign, inside the caller's transaction; its signers sign in the order given. */
  async createSignable(tx: Tx, input: CreateSignableInput): Promise<{ id: string }> {
    if (!input.signerIds.length) throw new AppError('validation_failed', { signerIds: 'at least one signer' });
    let fields: number;
    try {
      fields = emptySignatureFields(input.pdf);
    } catch {
      throw new AppError('signature_pdf_invalid');
    }
    if (fields < input.signerIds.length) throw new AppError('signature_pdf_invalid', { pdf: `${fields} empty signature fields for ${input.signerIds.length} signers` });
    const row = await this.repo.insertSignable(
      { kind: input.kind, subjectId: input.subjectId, title: input.title, pdfBase64: input.pdf.toString('base64'), sha256: sha256(input.pdf), createdBy: input.createdBy },
      input.signerIds,
      tx,
    );
    await this.audit.record({ actorId: input.createdBy, action: 'signature.document_created', targetType: 'signable', targetId: row.id, data: { kind: input.kind, subjectId: input.subjectId, title: input.title, signers: input.signerIds, sha256: row.sha256 } }, tx);
    return { id: row.id };
  }

  private async views(actor: Actor, rows: SignableRow[], tx: Db | Tx = this.db): Promise<SignableView[]> {
    const signers = await this.repo.signers(
      rows.map((r) => r.id),
      tx,
    );
    const certIds = [...new Set(signers.flatMap((s) => (s.certificateId ? [s.certificateId] : [])))];
    const certs = new Map<string, CertificateRow>();
    for (const id of certIds) {
      const c = await this.repo.certificate(id, tx);
      if (c) certs.set(id, c);
    }
    const creators = new Map<string, string>();
    for (const r of rows) if (!creators.has(r.createdBy)) creators.set(r.createdBy, (await this.repo.person(r.createdBy, tx))?.name ?? '');
    return rows.map((r) => {
      const own = signers.filter((s) => s.signableId === r.id);
      const next = own.find((s) => !s.signedAt) ?? null;
      return {
        id: r.id,
        kind: r.kind,
        subjectId: r.subjectId,
        title: r.title,
        state: r.state,
        createdAt: r.createdAt.toISOString(),
        createdBy: { id: r.createdBy, name: creators.get(r.createdBy) ?? '' },
        signers: own.map((s) => {
          const c = s.certificateId ? certs.get(s.certificateId) : undefined;
          return { position: s.position, userId: s.userId, name: s.name, title: s.title, signedAt: s.signedAt?.toISOString() ?? null, certificate: c ? { subject: c.subject, issuer: c.issuer, serialNumber: c.serialNumber } : null };
        }),
        nextSignerId: next?.userId ?? null,
        youSignNext: next?.userId === actor.id,
      };
    });
  }

  /** The operator sees every signable; others those they created or sign. */
  private async visible(actor: Actor, rows: SignableRow[]): Promise<SignableRow[]> {
    if (actor.role === 'operator') return rows;
    const ok = await this.repo.visibleTo(
      actor.id,
      rows.map((r) => r.id),
    );
    return rows.filter((r) => ok.has(r.id));
  }

  async list(actor: Actor, kind: SignableKind, subjectId: string): Promise<SignableView[]> {
    return this.views(actor, await this.visible(actor, await this.repo.signablesOf(kind, subjectId)));
  }

  private async visibleOne(actor: Actor, id: string): Promise<SignableRow> {
    const row = await this.repo.signable(id);
    if (!row || !(await this.visible(actor, [row])).length) throw new AppError('signable_not_found');
    return row;
  }

  async get(actor: Actor, id: string): Promise<SignableView> {
    return (await this.views(actor, [await this.visibleOne(actor, id)]))[0]!;
  }

  async pdf(actor: Actor, id: string): Promise<{ filename: string; bytes: Buffer }> {
    const row = await this.visibleOne(actor, id);
    return { filename: `${row.kind}-${row.id.slice(0, 8)}${row.state === 'signed' ? '-da-ky' : ''}.pdf`, bytes: Buffer.from(row.pdfBase64, 'base64') };
  }

  /** The newest fully signed document of a kind about a subject (the signed invitation a meeting's page serves). */
  async signedPdfOf(kind: SignableKind, subjectId: string): Promise<Buffer | null> {
    const row = (await this.repo.signablesOf(kind, subjectId)).find((r) => r.state === 'signed');
    return row ? Buffer.from(row.pdfBase64, 'base64') : null;
  }

  /** The time step of a second-factor code given now, for `signIn` inside another domain's transaction. */
  secondFactorStep(userId: string, code: string): Promise<number> {
    return this.secondFactor.stepForCode(userId, code);
  }

  /** The next signer signs, giving their second-factor code now. */
  async sign(actor: Actor, id: string, code: string, ip = ''): Promise<SignableView> {
    await this.visibleOne(actor, id);
    await this.checkTurn(actor, id);
    const step = await this.secondFactor.stepForCode(actor.id, code);
    try {
      return await this.db.transaction(async (tx) => {
        await this.signIn(tx, actor, id, step, ip);
        return (await this.views(actor, [(await this.repo.signable(id, tx))!], tx))[0]!;
      });
    } catch (err) {
      await this.auditRefusal(err, actor, id, ip);
      throw err;
    }
  }

  /** A signature refused for the document or the certificate is recorded, after its transaction rolled back. */
  async auditRefusal(err: unknown, actor: Actor, id: string, ip = ''): Promise<void> {
    if (err instanceof AppError && refusalsAudited.has(err.id)) {
      await this.audit.record({ actorId: actor.id, action: 'signature.refused', targetType: 'signable', targetId: id, data: { reason: err.id }, ip });
    }
  }

  private async checkTurn(actor: Actor, id: string, tx: Db | Tx = this.db) {
    const signers = await this.repo.signers([id], tx);
    const next = signers.find((s) => !s.signedAt);
    if (!next) throw new AppError('signature_complete');
    if (next.userId !== actor.id) throw new AppError('signature_not_your_turn');
    return next;
  }

  /**
   * The signature itself, inside the caller's transaction (the invitation is signed in the transaction that sends
   * it): the code's time step claimed, the document locked and checked against its hash, the certificate checked,
   * the next field signed, the new bytes stored. Returns them.
   */
  async signIn(tx: Tx, actor: Actor, id: string, secondFactorStep: number, ip = ''): Promise<Buffer> {
    const row = await this.repo.signable(id, tx, true);
    if (!row) throw new AppError('signable_not_found');
    const next = await this.checkTurn(actor, id, tx);
    if (!(await this.users.claimTotpStep(actor.id, secondFactorStep, tx))) throw new AppError('second_factor_invalid', { code: 'used already' });
    const pdf = Buffer.from(row.pdfBase64, 'base64');
    if (sha256(pdf) !== row.sha256) {
      throw new AppError('signature_document_altered');
    }
    let cert = await this.repo.latestCertificateOf(actor.id, tx);
    if (cert?.revokedAt) {
      throw new AppError('signature_certificate_revoked');
    }
    const now = this.now();
    if (cert && (cert.notAfter <= now || cert.notBefore > now)) {
      throw new AppError('signature_certificate_expired');
    }
    cert ??= await this.issueIn(tx, actor.id, actor.id, ip); // the first signature of someone without a certificate
    const person = await this.signerOrThrow(actor.id, tx);
    const key = createPrivateKey(this.secrets.open(cert.sealedKey, keyContext('signing_certificates', cert.id)));
    let signed: Buffer;
    try {
      signed = signNextField(pdf, {
        name: person.name,
        reason: person.title || 'Người ký',
        location: person.unitName,
        signingTime: now,
        appearance: { lines: [`Ky boi: ${person.name}`, person.title, `Co quan: ${person.unitName}`, `Ngay ky: ${stampTime(now)}`].filter(Boolean) },
        cms: (data) => signDetached({ data, key, certificateDer: pemToDer(cert.certificatePem), chainDer: splitPems(cert.chainPem).map(pemToDer) }),
      });
    } catch (err) {
      if (err instanceof PdfStructureError) throw new AppError('signature_pdf_invalid', { pdf: err.message });
      throw err;
    }
    const signers = await this.repo.signers([id], tx);
    const last = signers.every((s) => s.position === next.position || s.signedAt);
    await this.repo.updateSigned(id, { pdfBase64: signed.toString('base64'), sha256: sha256(signed), state: last ? 'signed' : 'signing', completedAt: last ? now : null }, { position: next.position, signedAt: now, certificateId: cert.id }, tx);
    await this.audit.record(
      { actorId: actor.id, action: 'signature.signed', targetType: 'signable', targetId: id, data: { kind: row.kind, subjectId: row.subjectId, position: next.position, certificateId: cert.id, serialNumber: cert.serialNumber, sha256: sha256(signed), complete: last }, ip },
      tx,
    );
    return signed;
  }

  // ----------------------------------------------------------------------------------------- verifying

  /** What any PDF's signatures say: who signed, when, with which certificate, and whether it was altered since. */
  async verify(pdf: Buffer): Promise<VerifyReport> {
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('signature_pdf_invalid');
    const found = findSignatures(pdf);
    const authority = new X509Certificate(await this.authorityPem());
    const checked = found.map((f) => {
      try {
        return { f, c: checkDetached(f.cms, f.covered) };
      } catch {
        return { f, c: null };
      }
    });
    const fingerprints = checked.flatMap(({ c }) => (c?.certificate ? [sha256(Buffer.from(c.certificate.raw))] : []));
    const known = new Map((await this.repo.certificatesByFingerprint(fingerprints)).map((k) => [k.fingerprint, k]));
    const signatures = checked.map(({ f, c }) => {
      const x = c?.certificate ?? null;
      const fingerprint = x ? sha256(Buffer.from(x.raw)) : '';
      const stored = known.get(fingerprint);
      const facts = x ? factsOf(x.toString()) : null;
      return {
        signer: facts?.subject ?? f.name,
        reason: f.reason,
        location: f.location,
        signingTime: (f.signingTime ?? c?.signingTime)?.toISOString() ?? null,
        certificate: facts
          ? {
              subject: facts.subject,
              issuer: facts.issuer,
              serialNumber: facts.serialNumber,
              fingerprint,
              notBefore: facts.notBefore.toISOString(),
              notAfter: facts.notAfter.toISOString(),
              knownHere: Boolean(stored) || x!.checkIssued(authority) && x!.verify(authority.publicKey),
              revokedAt: stored?.revokedAt?.toISOString() ?? null,
            }
          : null,
        intact: Boolean(c?.digestMatches && c.signatureValid),
        coversWholeDocument: f.coversWholeFile,
      };
    });
    const stored = await this.repo.bySha256(sha256(pdf));
    return {
      signatures,
      unaltered: signatures.length > 0 && signatures.every((s) => s.intact) && signatures[signatures.length - 1]!.coversWholeDocument,
      knownDocument: stored ? { title: stored.title, kind: stored.kind, state: stored.state } : null,
    };
  }
}
