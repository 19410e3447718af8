/** Meeting documents and draft minutes over HTTP (R2.1, R2.7, M8.1d): checked types, nothing stored on refusal, who may read. */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordOpeningView } from '../../shared/api';
import { meetingDocuments, users } from '../db/schema';
import { docxLike, pdfOfPages, tinyPng } from './document-fixtures';
import { bookMeetingOfA, describeMatrix, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';
import { createUser, ensureUnit, startTestServer, type TestClient, type TestServer } from './support';

const HOUR = 3_600_000;
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server: TestServer;
let organiser: Awaited<ReturnType<typeof createUser>>;
let invitee: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;
let guest: Awaited<ReturnType<typeof createUser>>;
let chair: Awaited<ReturnType<typeof createUser>>;
let plain: string; // a meeting without minutes
let council: string; // a council meeting: needs minutes (R2.7)
let pdf: Buffer;


/** The raw upload as the browser sends it: the file as the body, its type as Content-Type. */
async function upload(client: TestClient, meetingId: string, name: string, body: Buffer | ReadableStream<Uint8Array> | undefined, contentType: string | undefined, kind = 'document') {
  const res = await fetch(`${server.url}/api/meetings/${meetingId}/documents?name=${encodeURIComponent(name)}&kind=${kind}`, {
    method: 'POST',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), cookie: client.cookie!, 'x-csrf-token': client.csrf! },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const documentsDir = () => path.join(server.dataDir, 'documents');
/** Every file kept under DATA_DIR/documents, temporary ones included. */
const storedFiles = () => {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) e.isDirectory() ? walk(path.join(dir, e.name)) : out.push(path.relative(documentsDir(), path.join(dir, e.name)));
  };
  walk(documentsDir());
  return out.sort();
};
const rowCount = async () => (await server.app.database.db.select({ n: count() }).from(meetingDocuments))[0]!.n;

/** Nothing new in the table nor on disk since `before`. */
async function expectNothingStored(before: { rows: number; files: string[] }) {
  expect(await rowCount()).toBe(before.rows);
  expect(storedFiles()).toEqual(before.files);
}
const snapshot = async () => ({ rows: await rowCount(), files: storedFiles() });

beforeAll(async () => {
  server = await startTestServer({ DOCUMENT_MAX_MB: '1' });
  const unit = await ensureUnit(server, 'UBND tỉnh Lâm Đồng');
  organiser = await createUser(server, 'Lê Thị Văn', 'UBND tỉnh Lâm Đồng', { role: 'organiser' });
  chair = await createUser(server, 'Trần Văn Chủ', 'UBND tỉnh Lâm Đồng', { title: 'Chủ tịch UBND tỉnh' });
  invitee = await createUser(server, 'Phạm Thị Mời', 'UBND tỉnh Lâm Đồng');
  outsider = await createUser(server, 'Hoàng Văn Ngoài', 'UBND tỉnh Lâm Đồng');
  guest = await createUser(server, 'Khách Mời Ngoài', 'UBND tỉnh Lâm Đồng', { role: 'guest' });
  const create = async (needsMinutes: boolean) => {
    const startsAt = new Date(Date.now() + 3 * 24 * HOUR); // beyond the 2-day lead time: the organiser books it (R2.3)
    const res = await organiser.client.post('/api/meetings', {
      title: needsMinutes ? 'Họp tập thể UBND tỉnh tháng 12' : 'Giao ban kinh tế - xã hội tháng 12',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
      hostUnitId: unit,
      chairId: chair.id,
      inviteeIds: [invitee.id],
      slug: `tai-lieu-${randomBytes(4).toString('hex')}`,
      password: 'mat-khau-hop',
      notStateSecret: true,
      needsMinutes,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.meeting.id as string;
  };
  plain = await create(false);
  council = await create(true);
  // a guest of the council meeting only
  await server.app.database.db.update(users).set({ guestMeetingId: council }).where(eq(users.id, guest.id));
  pdf = await pdfOfPages(1);
}, 120_000);
afterAll(() => server?.close());

describe('R2.1 meeting documents: upload by the managers, download by those invited', () => {
  let pdfId: string;

  it('the organiser uploads a real PDF; an invitee downloads it byte-exact with the right headers', async () => {
    const name = 'Báo cáo tình hình KT-XH tháng 11.pdf';
    const res = await upload(organiser.client, plain, name, pdf, PDF);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(res.body.document).toMatchObject({ name, kind: 'document', mediaType: PDF, size: pdf.length, sha256: sha, uploadedBy: { id: organiser.id } });
    pdfId = res.body.document.id;
    expect(storedFiles()).toContain(sha);

    const list = await invitee.client.get(`/api/meetings/${plain}/documents`);
    expect(list.status).toBe(200);
    expect(list.body.documents.map((d: { id: string }) => d.id)).toEqual([pdfId]);

    const file = await fetch(`${server.url}/api/meetings/${plain}/documents/${pdfId}`, { headers: { cookie: invitee.client.cookie! } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(PDF);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(disposition).toContain('filename="Bao cao tinh hinh KT-XH thang 11.pdf"');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const audit = await server.operator.get('/api/audit?action=document.uploaded');
    expect(audit.body.entries.some((e: { targetId: string; data: { documentId: string } }) => e.targetId === plain && e.data.documentId === pdfId)).toBe(true);
  });

  it('a document link opened in a browser while signed out leads to the sign-in page and back; the app’s own requests still get the JSON refusal', async () => {
    const link = `/api/meetings/${plain}/documents/${pdfId}`;
    // node:http, since fetch() may not send the Sec-Fetch headers a browser sends
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        http
          .get(server.url + link, { headers }, (res) => {
            let body = '';
            res.setEncoding('latin1').on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          })
          .on('error', reject);
      });
    const navigation = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const opened = await get(navigation);
    expect(opened.status).toBe(303);
    const to = new URL(opened.headers.location!, server.url);
    expect(to.pathname).toBe('/login');
    expect(to.searchParams.get('next')).toBe(link);
    // an older browser that sends no Sec-Fetch headers is known by asking for HTML
    expect((await get({ accept: 'text/html,*/*' })).status).toBe(303);
    // the web client's fetch keeps the error it shows
    const scripted = await get({ 'sec-fetch-mode': 'cors', accept: '*/*' });
    expect(scripted.status).toBe(401);
    expect(JSON.parse(scripted.body).error.id).toBe('unauthenticated');
    // signed in, the same navigation opens the document
    const signedIn = await get({ ...navigation, cookie: invitee.client.cookie! });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['content-type']).toBe(PDF);
    // someone signed in who may not read it is refused, not sent to sign in again
    expect((await get({ ...navigation, cookie: outsider.client.cookie! })).status).toBe(403);
  });

  it('a Word file (zip with [Content_Types].xml and word/) is accepted; the same file claimed as a spreadsheet is refused', async () => {
    const docx = docxLike();
    const ok = await upload(organiser.client, plain, 'Dự thảo kết luận.docx', docx, DOCX);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.document.mediaType).toBe(DOCX);
    const before = await snapshot();
    const wrong = await upload(organiser.client, plain, 'Bảng số liệu.xlsx', docx, XLSX);
    expect(wrong.status).toBe(415);
    expect(wrong.body.error.id).toBe('document_type_mismatch');
    await expectNothingStored(before);
    // sent as application/octet-stream, the type comes from the name's ending
    const octet = await upload(organiser.client, plain, 'Phụ lục.docx', docx, 'application/octet-stream');
    expect(octet.status, JSON.stringify(octet.body)).toBe(201);
    expect(octet.body.document.mediaType).toBe(DOCX);
  });

  it('a PNG claimed as a PDF is refused as document_type_mismatch, and nothing is stored (row or file)', async () => {
    const before = await snapshot();
    const res = await upload(organiser.client, plain, 'bao-cao.pdf', tinyPng(), PDF);
    expect(res.status).toBe(415);
    expect(res.body.error.id).toBe('document_type_mismatch');
    await expectNothingStored(before);
    expect(fs.readdirSync(path.join(documentsDir(), 'tmp'))).toEqual([]);
    // the same PNG claimed as what it is is fine
    expect((await upload(organiser.client, plain, 'sơ đồ.png', tinyPng(), 'image/png')).status).toBe(201);
  });

  it('a type not accepted is refused as document_type_not_allowed; an empty body as invalid', async () => {
    const before = await snapshot();
    const text = await upload(organiser.client, plain, 'ghi-chu.txt', Buffer.from('ghi chú'), 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.error.id).toBe('document_type_not_allowed');
    const octet = await upload(organiser.client, plain, 'script.exe', Buffer.from('MZ'), 'application/octet-stream');
    expect(octet.body.error.id).toBe('document_type_not_allowed');
    const empty = await upload(organiser.client, plain, 'rong.pdf', Buffer.alloc(0), PDF);
    expect(empty.status).toBe(400);
    expect(empty.body.error.id).toBe('validation_failed');
    await expectNothingStored(before);
  });

  it('a file over DOCUMENT_MAX_MB (1 MB here) is refused as document_too_large, with or without a declared length, storing nothing', async () => {
    const before = await snapshot();
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1.5 * 1024 * 1024)]);
    const res = await upload(organiser.client, plain, 'qua-lon.pdf', big, PDF);
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('document_too_large');
    await expectNothingStored(before);
    // streamed without Content-Length (chunked): cut off while receiving
    const chunks = [big.subarray(0, 512 * 1024), big.subarray(512 * 1024, 1024 * 1024), big.subarray(1024 * 1024)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    });
    const chunked = await upload(organiser.client, plain, 'qua-lon-2.pdf', stream, PDF);
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.id).toBe('document_too_large');
    await expectNothingStored(before);
    expect(fs.readdirSync(path.join(documentsDir(), 'tmp'))).toEqual([]);
  });

  it('a delegate (even invited) cannot upload or delete; refusals store nothing', async () => {
    const before = await snapshot();
    const res = await upload(invitee.client, plain, 'cua-dai-bieu.pdf', pdf, PDF);
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe('forbidden');
    await expectNothingStored(before);
    const del = await invitee.client.request('DELETE', `/api/meetings/${plain}/documents/${pdfId}`);
    expect(del.status).toBe(403);
    expect((await invitee.client.get(`/api/meetings/${plain}/documents`)).body.documents.map((d: { id: string }) => d.id)).toContain(pdfId);
  });

  it('R6.4 each opening of a document is in the audit trail and the leak response; a repeat within seconds is one', async () => {
    const opened = async () => ((await organiser.client.get(`/api/meetings/${plain}/entries`)).body.opened as RecordOpeningView[]).filter((o) => o.kind === 'document');
    const before = (await opened()).length;
    // (the invitee's session opened it in the test above, moments ago: the chair's is a fresh one)
    const download = () => fetch(`${server.url}/api/meetings/${plain}/documents/${pdfId}`, { headers: { cookie: chair.client.cookie! } });
    expect((await download()).status).toBe(200);
    expect((await download()).status).toBe(200);
    const after = await opened();
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ kind: 'document', itemId: pdfId, label: 'Báo cáo tình hình KT-XH tháng 11.pdf', person: { id: chair.id } });
    // a refused download is not an opening
    expect((await outsider.client.get(`/api/meetings/${plain}/documents/${pdfId}`)).status).toBe(403);
    expect(await opened()).toHaveLength(before + 1);
    // the list is the managers': the invitee who opened it may not read it
    expect((await invitee.client.get(`/api/meetings/${plain}/entries`)).status).toBe(403);
  });

  it('someone not part of the meeting (a delegate not invited, a guest of another meeting) can neither list nor download', async () => {
    for (const who of [outsider, guest]) {
      const list = await who.client.get(`/api/meetings/${plain}/documents`);
      expect(list.status).toBe(403);
      expect(list.body.error.id).toBe('meeting_not_invited');
      const file = await who.client.get(`/api/meetings/${plain}/documents/${pdfId}`);
      expect(file.status).toBe(403);
    }
    // the guest does see their own meeting's list
    expect((await guest.client.get(`/api/meetings/${council}/documents`)).status).toBe(200);
  });

  it('the organiser deletes a document (kept, marked deleted, audited): it is gone from the list and the download', async () => {
    const del = await organiser.client.request('DELETE', `/api/meetings/${plain}/documents/${pdfId}`);
    expect(del.status).toBe(204);
    expect((await invitee.client.get(`/api/meetings/${plain}/documents`)).body.documents.map((d: { id: string }) => d.id)).not.toContain(pdfId);
    const file = await invitee.client.get(`/api/meetings/${plain}/documents/${pdfId}`);
    expect(file.status).toBe(404);
    expect(file.body.error.id).toBe('document_not_found');
    const [row] = await server.app.database.db.select().from(meetingDocuments).where(eq(meetingDocuments.id, pdfId));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    const audit = await server.operator.get('/api/audit?action=document.deleted');
    expect(audit.body.entries.some((e: { data: { documentId: string } }) => e.data.documentId === pdfId)).toBe(true);
    expect((await organiser.client.request('DELETE', `/api/meetings/${plain}/documents/${pdfId}`)).status).toBe(404);
  });
});

describe('R2.7 draft minutes only for a meeting that needs minutes (M8.1d)', () => {
  it('refuses draft minutes on an ordinary meeting and accepts them on a council meeting', async () => {
    const before = await snapshot();
    const refused = await upload(organiser.client, plain, 'Dự thảo biên bản.docx', docxLike(), DOCX, 'draft_minutes');
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('document_kind_not_allowed');
    await expectNothingStored(before);
    const ok = await upload(organiser.client, council, 'Dự thảo biên bản.docx', docxLike(), DOCX, 'draft_minutes');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.document.kind).toBe('draft_minutes');
    const list = await invitee.client.get(`/api/meetings/${council}/documents`);
    expect(list.body.documents).toEqual([expect.objectContaining({ kind: 'draft_minutes', name: 'Dự thảo biên bản.docx' })]);
  });
});

describe('R2.1 who may upload, delete and read meeting documents (permission matrix)', () => {
  const world = useMatrixWorld();
  const meetingOfA = (w: MatrixWorld) => bookMeetingOfA(w, { startsAt: new Date(Date.now() + 30 * HOUR) });
  /** The raw upload of `client` (cookie and CSRF token when signed in). */
  const rawUpload = async (client: TestClient, meetingId: string) => {
    const res = await fetch(`${client.baseUrl}/api/meetings/${meetingId}/documents?name=bao-cao.png`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', ...(client.cookie ? { cookie: client.cookie } : {}), ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}) },
      body: tinyPng(),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const documentIds = (w: MatrixWorld, meetingId: string) => w.operator.get(`/api/meetings/${meetingId}/documents`).then((r) => (r.body.documents as { id: string }[]).map((d) => d.id));
  const withDocument = async (w: MatrixWorld) => {
    const meetingId = await meetingOfA(w);
    const res = await rawUpload(w.operator, meetingId);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { meetingId, documentId: res.body.document.id as string };
  };

  describeMatrix('meeting documents (R2.1)', world, [
    row({
      requirement: 'R2.1',
      name: 'upload a document to a meeting of A',
      allow: ['operator', 'organiserA'],
      prepare: (w) => meetingOfA(w),
      run: (c, m) => rawUpload(c, m),
      okStatus: 201,
      state: (m, w) => documentIds(w, m),
    }),
    row({
      requirement: 'R2.1',
      name: 'delete a document of a meeting of A',
      allow: ['operator', 'organiserA'],
      prepare: (w) => withDocument(w),
      run: (c, t) => c.request('DELETE', `/api/meetings/${t.meetingId}/documents/${t.documentId}`),
      okStatus: 204,
      state: (t, w) => documentIds(w, t.meetingId),
    }),
    row({
      requirement: 'R2.1',
      name: 'list the documents of a meeting of A (those who may see it: staff of A, the chair, the invited)',
      allow: ['operator', 'organiserA', 'secretaryA', 'delegateA'],
      prepare: (w) => withDocument(w),
      run: (c, t) => c.get(`/api/meetings/${t.meetingId}/documents`),
      check: (res, _role, t) => expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual([t.documentId]),
      refusal: { status: 403, id: 'meeting_not_invited' },
    }),
  ]);
});
