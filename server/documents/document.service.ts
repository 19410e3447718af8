/**
 * Meeting documents and draft minutes (R2.1, R2.7, M8.1d). Managers of the meeting upload and delete; everyone
 * who may see the meeting lists and downloads. An upload is written to a temporary file while hashed and measured,
 * checked against its claimed type, recorded (row and audit entry in one transaction) and only then moved to
 * `documents/<sha256>`; on any refusal or failure the temporary file is deleted and nothing is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { documentMediaTypes, mediaTypeOfName, type DocumentKind, type DocumentMediaType, type MeetingDocumentView } from '../../shared/api/documents';
import type { AuditService } from '../audit/audit.service';
import { OpeningThrottle } from '../audit/opening-throttle';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import type { MeetingService } from '../meetings/meeting.service';
import type { Actor } from '../organisation/organisation.policy';
import type { DocumentRepository, DocumentRow } from './document.repository';
import { HEAD_BYTES, matchesType, needsZipNames, zipEntryNames } from './file-type';
import { presentDocument } from './document.presenter';

/** A received file as it is kept: cleaned name, the accepted type it proved to be, size and content hash. */
export interface StoredFile {
  name: string;
  mediaType: DocumentMediaType;
  size: number;
  sha256: string;
}

export interface UploadInput {
  name: string;
  kind: DocumentKind;
  /** The request's Content-Type (parameters included), as sent. */
  contentType: string | undefined;
  /** The request's Content-Length, when given. */
  contentLength: number | undefined;
  /** The body, unread. */
  body: Readable | undefined;
}

/** The accepted type the request claims: its Content-Type, or for application/octet-stream the name's ending. */
export function claimedType(contentType: string | undefined, name: string): DocumentMediaType | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/octet-stream' || type === '') return mediaTypeOfName(name);
  return type in documentMediaTypes ? (type as DocumentMediaType) : null;
}

/** A file name safe to keep and to send back: no folders, no control characters. */
const cleanName = (name: string) =>
  name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[\\/]/)
    .at(-1)!
    .trim()
    .normalize('NFC')
    .slice(0, 255);

export class DocumentService {
  private readonly tmpDir: string;
  private readonly openings = new OpeningThrottle();

  constructor(
    private readonly db: Db,
    private readonly repo: DocumentRepository,
    private readonly meetings: Pick<MeetingService, 'get' | 'getManaged'>,
    private readonly audit: AuditService,
    private readonly options: { documentsDir: string; maxBytes: number },
  ) {
    this.tmpDir = path.join(options.documentsDir, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  async upload(actor: Actor, meetingId: string, input: UploadInput, ip = ''): Promise<MeetingDocumentView> {
    const meeting = await this.meetings.getManaged(actor, meetingId);
    // R2.7: draft minutes belong to a council meeting, which needs minutes (M8.1d).
    if (input.kind === 'draft_minutes' && !meeting.needsMinutes) throw new AppError('document_kind_not_allowed', { kind: 'draft_minutes' });
    const row = await this.store(input, async (tx, file) => {
      const created = await this.repo.insert(tx, { meetingId, kind: input.kind, ...file, uploadedBy: actor.id });
      await this.audit.record({ actorId: actor.id, action: 'document.uploaded', targetType: 'meeting', targetId: meetingId, data: { documentId: created.id, kind: input.kind, ...file }, ip }, tx);
      return created;
    });
    return presentDocument({ ...row, uploader: { id: actor.id, name: actor.name, title: actor.title, unitName: actor.unitName } });
  }

  /**
   * Receives a file as documents are received (its type judged by its content, its size bounded), then calls
   * `record` in a transaction to write its row and audit entry, and keeps the bytes under `documents/<sha256>` as the
   * transaction's last step; on any refusal or failure nothing is kept. Task reports attach their files through it.
   */
  async store<T>(input: Omit<UploadInput, 'kind'>, record: (tx: Tx, file: StoredFile) => Promise<T>): Promise<T> {
    const name = cleanName(input.name);
    if (!name) throw new AppError('validation_failed', { name: 'empty' });
    const type = claimedType(input.contentType, name);
    if (!type) throw new AppError('document_type_not_allowed', { contentType: (input.contentType ?? '').slice(0, 100) });
    if (input.contentLength !== undefined && input.contentLength > this.options.maxBytes) throw this.tooLarge();
    if (!input.body || input.contentLength === 0) throw new AppError('validation_failed', { '(body)': 'empty' });

    const tmp = path.join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
    let kept = false;
    try {
      const { sha256, size, head } = await this.receive(input.body, tmp);
      if (size === 0) throw new AppError('validation_failed', { '(body)': 'empty' });
      const zipNames = needsZipNames(type) ? await zipEntryNames(tmp).catch(() => null) : null;
      if (!matchesType(type, head, zipNames)) throw new AppError('document_type_mismatch', { contentType: type });
      const target = path.join(this.options.documentsDir, sha256);
      return await this.db.transaction(async (tx) => {
        const result = await record(tx, { name, mediaType: type, size, sha256 });
        // Last step of the transaction: a failure to move the file rolls the row back. (A file moved whose commit
        // then fails is an unreferenced, content-addressed copy: harmless.)
        await fs.promises.rename(tmp, target);
        kept = true;
        return result;
      });
    } finally {
      if (!kept) await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** Where the bytes of a stored file are, if they are there. */
  storedFile(sha256: string): string | null {
    const file = path.join(this.options.documentsDir, sha256);
    return fs.existsSync(file) ? file : null;
  }

  /**
   * Write the body to `tmp`, hashing and counting. Past the limit nothing more is written and the rest of the
   * body is read and discarded (up to a bound), so that the client receives the refusal rather than a reset.
   */
  private async receive(body: Readable, tmp: string): Promise<{ sha256: string; size: number; head: Buffer }> {
    const hash = createHash('sha256');
    const heads: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    let over = false;
    const handle = await fs.promises.open(tmp, 'wx', 0o600);
    try {
      for await (const raw of body) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
        size += chunk.length;
        if (over || size > this.options.maxBytes) {
          over = true;
          if (size > 3 * this.options.maxBytes) break; // a client that will not stop: the connection is dropped
          continue;
        }
        if (headLength < HEAD_BYTES) {
          heads.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        hash.update(chunk);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    if (over) throw this.tooLarge();
    return { sha256: hash.digest('hex'), size, head: Buffer.concat(heads) };
  }

  private tooLarge() {
    return new AppError('document_too_large', { maxMb: String(Math.round(this.options.maxBytes / (1024 * 1024))) });
  }

  async list(actor: Actor, meetingId: string): Promise<MeetingDocumentView[]> {
    await this.meetings.get(actor, meetingId);
    return (await this.repo.listFor(meetingId)).map(presentDocument);
  }

  /**
   * The file of a document, for someone who may see the meeting. Each opening is an audit entry
   * (`document.opened`, when: see OpeningThrottle), read by the leak response (R6.4).
   */
  async open(actor: Actor, sessionId: string, meetingId: string, documentId: string, ip = ''): Promise<{ document: DocumentRow; file: string }> {
    await this.meetings.get(actor, meetingId);
    const document = await this.repo.find(meetingId, documentId);
    if (!document) throw new AppError('document_not_found');
    const file = this.storedFile(document.sha256);
    if (!file) throw new AppError('document_not_found');
    if (this.openings.isOpening(`${sessionId}:${documentId}`))
      await this.audit.record({ actorId: actor.id, action: 'document.opened', targetType: 'meeting', targetId: meetingId, data: { documentId, label: document.name }, ip });
    return { document, file };
  }

  /**
   * A PDF of this meeting that can be shown to everyone in the meeting room (R3.11); the live meeting has already
   * judged who presents, and each participant downloads it through `open`.
   */
  async presentable(meetingId: string, documentId: string): Promise<{ id: string; name: string } | null> {
    const document = await this.repo.find(meetingId, documentId);
    return document?.mediaType === 'application/pdf' ? { id: document.id, name: document.name } : null;
  }

  async remove(actor: Actor, meetingId: string, documentId: string, ip = ''): Promise<void> {
    await this.meetings.getManaged(actor, meetingId);
    const document = await this.repo.find(meetingId, documentId);
    if (!document) throw new AppError('document_not_found');
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.softDelete(tx, meetingId, documentId))) throw new AppError('document_not_found');
      await this.audit.record(
        { actorId: actor.id, action: 'document.deleted', targetType: 'meeting', targetId: meetingId, data: { documentId, name: document.name, kind: document.kind, sha256: document.sha256 }, ip },
        tx,
      );
    });
  }
}
