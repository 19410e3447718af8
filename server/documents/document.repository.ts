import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { meetingDocuments, units, users } from '../db/schema';

export type DocumentRow = typeof meetingDocuments.$inferSelect;
export type DocumentWithUploader = DocumentRow & { uploader: { id: string; name: string; title: string; unitName: string } | null };

export class DocumentRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Tx, row: typeof meetingDocuments.$inferInsert): Promise<DocumentRow> {
    const [created] = await tx.insert(meetingDocuments).values(row).returning();
    return created!;
  }

  /** The meeting's documents not deleted, oldest first, with who uploaded them. */
  async listFor(meetingId: string): Promise<DocumentWithUploader[]> {
    const rows = await this.db
      .select({ doc: meetingDocuments, uploaderName: users.name, uploaderTitle: users.title, uploaderUnit: units.name })
      .from(meetingDocuments)
      .leftJoin(users, eq(users.id, meetingDocuments.uploadedBy))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(and(eq(meetingDocuments.meetingId, meetingId), isNull(meetingDocuments.deletedAt)))
      .orderBy(asc(meetingDocuments.uploadedAt), asc(meetingDocuments.name));
    return rows.map(({ doc, uploaderName, uploaderTitle, uploaderUnit }) => ({
      ...doc,
      uploader: uploaderName !== null ? { id: doc.uploadedBy, name: uploaderName, title: uploaderTitle ?? '', unitName: uploaderUnit ?? '' } : null,
    }));
  }

  /** A document of this meeting that is not deleted. */
  async find(meetingId: string, documentId: string): Promise<DocumentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(meetingDocuments)
      .where(and(eq(meetingDocuments.id, documentId), eq(meetingDocuments.meetingId, meetingId), isNull(meetingDocuments.deletedAt)));
    return row;
  }

  /** Soft delete; returns whether this call deleted it. */
  async softDelete(tx: Tx, meetingId: string, documentId: string): Promise<boolean> {
    const rows = await tx
      .update(meetingDocuments)
      .set({ deletedAt: new Date() })
      .where(and(eq(meetingDocuments.id, documentId), eq(meetingDocuments.meetingId, meetingId), isNull(meetingDocuments.deletedAt)))
      .returning({ id: meetingDocuments.id });
    return rows.length > 0;
  }
}
