/**
 * Digital signatures (issue 16 point 4): the local CA made on the first start, certificates issued, imported as
 * PKCS#12 and revoked, signatures in order with the second factor at that moment, pdfsig's verdict, the verify page,
 * and the refusals (out of order, wrong code, altered document, revoked or expired certificate).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignableView, VerifyReport } from '../../shared/api';
import { mailOutbox, signables } from '../db/schema';
import { renderAdminDocument } from '../pdf/admin-document';
import { createAuthority, issuePersonal } from '../signatures/certificates';
import { nssDbTrusting, pdfsig } from './signature-tools';
import { createUser, ensureUnit, startTestServer, totpCodeFor, type TestServer } from './support';

let server: TestServer;
let caPem: string;
let nssDir: string;
type Person = Awaited<ReturnType<typeof createUser>>;

async function signer(name: string, title: string): Promise<Person> {
  const p = await createUser(server, name, 'Văn phòng UBND tỉnh', { role: 'secretary', title });
  await p.client.enrolSecondFactor(p.email);
  return p;
}

async function document(signers: Person[], title = 'Biên bản họp thử'): Promise<string> {
  const pdf = await renderAdminDocument({
    header: { unit: 'Văn phòng UBND tỉnh', place: 'Lâm Đồng', date: new Date() },
    type: 'Biên bản',
    subject: title,
    blocks: [{ kind: 'paragraph', text: 'Nội dung cuộc họp.' }],
    signatures: signers.map((s, i) => ({ title: i === 0 ? 'Thư ký' : 'Chủ tọa', name: s.name })),
  });
  const { id } = await server.app.database.db.transaction((tx) => server.app.signatures.createSignable(tx, { kind: 'minutes', subjectId: 'test', title, pdf, signerIds: signers.map((s) => s.id), createdBy: signers[0]!.id }));
  return id;
}

const sign = async (p: Person, id: string, code?: string) => p.client.post(`/api/signables/${id}/sign`, { code: code ?? (await totpCodeFor(server.url, p.email)) });
const pdfOf = async (p: Person, id: string) => Buffer.from(await (await fetch(`${server.url}/api/signables/${id}/pdf`, { headers: { cookie: p.client.cookie! } })).arrayBuffer());
const verify = async (pdf: Buffer): Promise<VerifyReport> => (await fetch(`${server.url}/api/signatures/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(pdf) })).json() as Promise<VerifyReport>;

function p12Of(keyAndCert: { keyPem: string; certificatePem: string }, chainPem: string, passphrase: string): string {
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(keyAndCert.keyPem), [forge.pki.certificateFromPem(keyAndCert.certificatePem), forge.pki.certificateFromPem(chainPem)], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
}

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/signatures/authority.pem`);
  caPem = await res.text();
  nssDir = nssDbTrusting(caPem);
});
afterAll(async () => {
  await server?.close();
  if (nssDir) fs.rmSync(nssDir, { recursive: true, force: true });
});

describe('the local certification authority', () => {
  it('is created on the first start, its certificate public, its key sealed, and the creation audited', async () => {
    expect(caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const rows = await server.app.database.db.execute('select sealed_key from signing_authorities');
    const sealed = (rows as unknown as { rows: { sealed_key: string }[] }).rows[0]!.sealed_key;
    expect(sealed).toMatch(/^gb1\./);
    expect(sealed).not.toContain('PRIVATE KEY');
    const audit = await server.operator.get('/api/audit?action=signature.authority_created');
    expect(audit.body.entries).toHaveLength(1);
  });
});

describe('signing in order', () => {
  let secretary: Person;
  let chair: Person;
  let id: string;
  beforeAll(async () => {
    secretary = await signer('Nguyễn Thị Thư', 'Chuyên viên Văn phòng');
    chair = await signer('Lê Văn Chủ', 'Phó Chủ tịch UBND tỉnh');
    id = await document([secretary, chair]);
  });

  it('refuses the chair before the secretary, a wrong code, and anyone else', async () => {
    const early = await sign(chair, id);
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('signature_not_your_turn');
    const wrong = await sign(secretary, id, '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.id).toBe('second_factor_invalid');
    const other = await createUser(server, 'Đỗ Văn Ngoài', 'Sở Tài chính');
    expect((await other.client.get(`/api/signables/${id}`)).status).toBe(404);
    expect((await other.client.post(`/api/signables/${id}/sign`, { code: '123456' })).body.error.id).toBe('signable_not_found');
    const view = (await secretary.client.get(`/api/signables/${id}`)).body as SignableView;
    expect(view.signers.every((s) => s.signedAt === null)).toBe(true);
    expect(view.youSignNext).toBe(true);
  });

  it('signs secretary then chair, each an incremental PAdES signature pdfsig finds valid, trusted and the document whole', async () => {
    const first = await sign(secretary, id);
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('signing');
    expect(first.body.signers[0].certificate.subject).toBe('Nguyễn Thị Thư');
    expect(first.body.nextSignerId).toBe(chair.id);
    const afterFirst = await pdfOf(chair, id);
    const second = await sign(chair, id);
    expect(second.status).toBe(200);
    expect(second.body.state).toBe('signed');
    const signed = await pdfOf(secretary, id);
    expect(signed.subarray(0, afterFirst.length).equals(afterFirst)).toBe(true); // appended, nothing rewritten
    const report = pdfsig(signed, nssDir);
    expect(report.map((s) => [s.field, s.commonName, s.valid, s.trusted])).toEqual([
      ['signature-1', 'Nguyễn Thị Thư', true, true],
      ['signature-2', 'Lê Văn Chủ', true, true],
    ]);
    expect(report[1]!.wholeDocument).toBe(true);
    expect(report[0]!.raw).toContain('ETSI.CAdES.detached');
    // without trusting the CA the signatures are still valid, the issuer unknown
    expect(pdfsig(signed).every((s) => s.valid && !s.trusted)).toBe(true);
    expect((await sign(chair, id, '123456')).body.error.id).toBe('signature_complete');
    const audit = await server.operator.get(`/api/audit?action=signature.signed`);
    expect(audit.body.entries.filter((e: { targetId: string }) => e.targetId === id)).toHaveLength(2);
  });

  it('the verify page (no account needed) says who signed, when, with which certificate, and that nothing changed', async () => {
    const signed = await pdfOf(secretary, id);
    const report = await verify(signed);
    expect(report.unaltered).toBe(true);
    expect(report.knownDocument?.state).toBe('signed');
    expect(report.signatures.map((s) => [s.signer, s.intact, s.certificate?.knownHere, s.certificate?.issuer])).toEqual([
      ['Nguyễn Thị Thư', true, true, 'GiaoBan — Tổ chức cung cấp dịch vụ chứng thực nội bộ'],
      ['Lê Văn Chủ', true, true, 'GiaoBan — Tổ chức cung cấp dịch vụ chứng thực nội bộ'],
    ]);
    expect(report.signatures[0]!.reason).toBe('Chuyên viên Văn phòng');
    expect(Math.abs(Date.parse(report.signatures[1]!.signingTime!) - Date.now())).toBeLessThan(120_000);
    // one byte changed inside what was signed: altered
    const altered = Buffer.from(signed);
    const at = altered.indexOf('Biên bản họp thử'.slice(0, 4), 0, 'latin1') > 0 ? altered.indexOf('/Producer') + 12 : 400;
    altered[at] = altered[at]! ^ 0x01;
    const bad = await verify(altered);
    expect(bad.unaltered).toBe(false);
    expect(bad.knownDocument).toBeNull();
    // something appended after the last signature: altered too
    const appended = await verify(Buffer.concat([signed, Buffer.from('\n% added\n')]));
    expect(appended.unaltered).toBe(false);
    expect(appended.signatures.every((s) => s.intact)).toBe(true);
    const notPdf = await fetch(`${server.url}/api/signatures/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: 'hello' });
    expect(notPdf.status).toBe(400);
    expect(((await notPdf.json()) as { error: { id: string } }).error.id).toBe('signature_pdf_invalid');
  });
});

describe('refusals', () => {
  it('an altered stored document is not signed', async () => {
    const p = await signer('Trần Văn Sửa', 'Chuyên viên');
    const id = await document([p]);
    const { db } = server.app.database;
    const [row] = await db.select().from(signables).where(eq(signables.id, id));
    const bytes = Buffer.from(row!.pdfBase64, 'base64');
    bytes[300] = bytes[300]! ^ 0x01;
    await db.update(signables).set({ pdfBase64: bytes.toString('base64') }).where(eq(signables.id, id));
    const res = await sign(p, id);
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('signature_document_altered');
    const audit = await server.operator.get('/api/audit?action=signature.refused');
    expect(audit.body.entries.some((e: { targetId: string; data: { reason: string } }) => e.targetId === id && e.data.reason === 'signature_document_altered')).toBe(true);
  });

  it('the operator issues and revokes certificates (others may not); a revoked certificate signs nothing', async () => {
    const p = await signer('Phan Thị Thu Hồi', 'Chuyên viên');
    expect((await p.client.post('/api/signing-certificates', { userId: p.id })).status).toBe(403);
    const issued = await server.operator.post('/api/signing-certificates', { userId: p.id });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ source: 'local', status: 'valid', subject: 'Phan Thị Thu Hồi' });
    expect((await p.client.post(`/api/signing-certificates/${issued.body.id}/revoke`, { reason: 'Mất thiết bị' })).status).toBe(403);
    const revoked = await server.operator.post(`/api/signing-certificates/${issued.body.id}/revoke`, { reason: 'Mất thiết bị' });
    expect(revoked.body.status).toBe('revoked');
    const mine = await p.client.get('/api/signing-certificates');
    expect(mine.body.map((c: { id: string }) => c.id)).toEqual([issued.body.id]);
    const id = await document([p]);
    const res = await sign(p, id);
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('signature_certificate_revoked');
    // the refused code was not spent: nothing was signed, the document is as it was
    expect((await p.client.get(`/api/signables/${id}`)).body.signers[0].signedAt).toBeNull();
  });

  it('a PKCS#12 from a real CA is imported (key sealed) and signs; a wrong passphrase or an expired certificate is refused', async () => {
    const realCa = createAuthority('VNPT Certification Authority (thử)', 'VNPT');
    const p = await signer('Vũ Thị Nhập', 'Trưởng phòng');
    const own = issuePersonal(realCa, { name: 'Vũ Thị Nhập', title: 'Trưởng phòng', unit: 'Sở Tài chính', email: p.email });
    const p12Base64 = p12Of(own, realCa.certificatePem, 'mat-khau-p12');
    expect((await server.operator.post('/api/signing-certificates/import', { userId: p.id, p12Base64, passphrase: 'sai' })).body.error.id).toBe('signature_p12_invalid');
    expect((await p.client.post('/api/signing-certificates/import', { userId: p.id, p12Base64, passphrase: 'mat-khau-p12' })).status).toBe(403);
    const imported = await server.operator.post('/api/signing-certificates/import', { userId: p.id, p12Base64, passphrase: 'mat-khau-p12' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ source: 'imported', issuer: 'VNPT Certification Authority (thử)', status: 'valid' });
    const id = await document([p]);
    expect((await sign(p, id)).status).toBe(200);
    const signed = await pdfOf(p, id);
    const [sig] = pdfsig(signed, nssDir);
    expect(sig).toMatchObject({ commonName: 'Vũ Thị Nhập', valid: true, trusted: false, wholeDocument: true });
    const report = await verify(signed);
    expect(report.signatures[0]!.certificate).toMatchObject({ issuer: 'VNPT Certification Authority (thử)', knownHere: true, revokedAt: null });

    // a certificate that expired yesterday
    const q = await signer('Hà Văn Hết', 'Chuyên viên');
    const old = issuePersonal(realCa, { name: 'Hà Văn Hết', title: 'Chuyên viên', unit: 'Sở Tài chính', email: q.email }, { now: new Date(Date.now() - 3 * 86_400_000), validMs: 2 * 86_400_000 });
    const expired = await server.operator.post('/api/signing-certificates/import', { userId: q.id, p12Base64: p12Of(old, realCa.certificatePem, 'x'), passphrase: 'x' });
    expect(expired.body.status).toBe('expired');
    const res = await sign(q, await document([q]));
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe('signature_certificate_expired');
  });

  it('reads a PKCS#12 made by OpenSSL (AES-256, PBKDF2)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoban-p12-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`, '-days', '30', '-subj', '/CN=Openssl Signer/O=Test'], { stdio: 'ignore' });
      execFileSync('openssl', ['pkcs12', '-export', '-inkey', `${dir}/k.pem`, '-in', `${dir}/c.pem`, '-out', `${dir}/p.p12`, '-passout', 'pass:abc123'], { stdio: 'ignore' });
      const p = await signer('Openssl Signer', 'Chuyên viên');
      const res = await server.operator.post('/api/signing-certificates/import', { userId: p.id, p12Base64: fs.readFileSync(`${dir}/p.p12`).toString('base64'), passphrase: 'abc123' });
      expect(res.status).toBe(200);
      expect(res.body.subject).toBe('Openssl Signer');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the invitation (giấy mời) signed by whoever sends it', () => {
  it('sending with the second-factor code signs the PDF every mail carries; pdfsig verifies it', async () => {
    const hostUnit = await ensureUnit(server, 'Văn phòng UBND tỉnh');
    const chair = await createUser(server, 'Ngô Chủ Tọa', 'Văn phòng UBND tỉnh', { title: 'Chủ tịch UBND tỉnh' });
    const guest = await createUser(server, 'Bùi Khách Mời', 'Sở Tài chính', { title: 'Giám đốc' });
    const created = await server.operator.post('/api/meetings', {
      title: 'Hội nghị giao ban quý IV',
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 3 * 3600_000).toISOString(),
      hostUnitId: hostUnit,
      chairId: chair.id,
      notStateSecret: true,
      inviteeIds: [guest.id],
      slug: `giay-moi-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const meetingId = created.body.meeting.id as string;
    const wrong = await server.operator.post(`/api/meetings/${meetingId}/invitations/send`, { password: 'mat-khau-1', signatureCode: '000000' });
    expect(wrong.body.error.id).toBe('second_factor_invalid');
    const sent = await server.operator.post(`/api/meetings/${meetingId}/invitations/send`, { password: 'mat-khau-1', signatureCode: await totpCodeFor(server.url, 'admin@giaoban.local') });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.signableId).toBeTruthy();
    const { db } = server.app.database;
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.meetingId, meetingId));
    const invitation = mails.find((m) => m.kind === 'invitation')!;
    const pdf = Buffer.from(invitation.attachments.find((a) => a.filename === 'giay-moi.pdf')!.contentBase64, 'base64');
    const [sig] = pdfsig(pdf, nssDir);
    expect(sig).toMatchObject({ valid: true, trusted: true, wholeDocument: true });
    const view = await server.operator.get(`/api/signables?kind=invitation&subjectId=${meetingId}`);
    expect(view.body[0]).toMatchObject({ state: 'signed', kind: 'invitation' });
  });
});
