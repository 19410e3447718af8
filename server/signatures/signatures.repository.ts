/** The only SQL of the signatures domain: the local CA, signers' certificates, documents to sign and their signers. */
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { signableSigners, signables, signingAuthorities, signingCertificates, units, users } from '../db/schema';

export type SignableRow = typeof signables.$inferSelect;
export type SignerRow = typeof signableSigners.$inferSelect;
export type CertificateRow = typeof signingCertificates.$inferSelect;
export type AuthorityRow = typeof signingAuthorities.$inferSelect;
export interface SignerPerson {
  id: string;
  name: string;
  title: string;
  email: string;
  unitName: string;
}

/** The one local certification authority's row id. */
export const LOCAL_AUTHORITY_ID = 'local';

export class SignaturesRepository {
  constructor(private readonly db: Db) {}

  async authority(tx: Db | Tx = this.db): Promise<AuthorityRow | undefined> {
    const [row] = await tx.select().from(signingAuthorities).where(eq(signingAuthorities.id, LOCAL_AUTHORITY_ID));
    return row;
  }

  /** Inserts the CA unless another instance did first; returns the row that stands. */
  async insertAuthority(row: Omit<AuthorityRow, 'createdAt'>, tx: Db | Tx = this.db): Promise<boolean> {
    const inserted = await tx.insert(signingAuthorities).values(row).onConflictDoNothing().returning({ id: signingAuthorities.id });
    return inserted.length > 0;
  }

  async insertSignable(row: typeof signables.$inferInsert, signerIds: string[], tx: Tx): Promise<SignableRow> {
    const [inserted] = await tx.insert(signables).values(row).returning();
    await tx.insert(signableSigners).values(signerIds.map((userId, position) => ({ signableId: inserted!.id, position, userId })));
    return inserted!;
  }

  async signable(id: string, tx: Db | Tx = this.db, lock = false): Promise<SignableRow | undefined> {
    const q = tx.select().from(signables).where(eq(signables.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async signablesOf(kind: SignableRow['kind'], subjectId: string): Promise<SignableRow[]> {
    return this.db.select().from(signables).where(and(eq(signables.kind, kind), eq(signables.subjectId, subjectId))).orderBy(desc(signables.createdAt));
  }

  async bySha256(sha256: string): Promise<SignableRow | undefined> {
    const [row] = await this.db.select().from(signables).where(eq(signables.sha256, sha256)).limit(1);
    return row;
  }

  async signers(signableIds: string[], tx: Db | Tx = this.db): Promise<(SignerRow & { name: string; title: string })[]> {
    if (!signableIds.length) return [];
    return tx
      .select({ signableId: signableSigners.signableId, position: signableSigners.position, userId: signableSigners.userId, signedAt: signableSigners.signedAt, certificateId: signableSigners.certificateId, name: users.name, title: users.title })
      .from(signableSigners)
      .innerJoin(users, eq(users.id, signableSigners.userId))
      .where(inArray(signableSigners.signableId, signableIds))
      .orderBy(asc(signableSigners.position));
  }

  async updateSigned(id: string, patch: { pdfBase64: string; sha256: string; state: SignableRow['state']; completedAt: Date | null }, signer: { position: number; signedAt: Date; certificateId: string }, tx: Tx): Promise<void> {
    await tx.update(signables).set(patch).where(eq(signables.id, id));
    await tx
      .update(signableSigners)
      .set({ signedAt: signer.signedAt, certificateId: signer.certificateId })
      .where(and(eq(signableSigners.signableId, id), eq(signableSigners.position, signer.position)));
  }

  async person(id: string, tx: Db | Tx = this.db): Promise<SignerPerson | undefined> {
    const [row] = await tx
      .select({ id: users.id, name: users.name, title: users.title, email: users.email, unitName: units.name })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(eq(users.id, id));
    return row;
  }

  async insertCertificate(row: typeof signingCertificates.$inferInsert, tx: Db | Tx = this.db): Promise<CertificateRow> {
    const [inserted] = await tx.insert(signingCertificates).values(row).returning();
    return inserted!;
  }

  async certificate(id: string, tx: Db | Tx = this.db): Promise<CertificateRow | undefined> {
    const [row] = await tx.select().from(signingCertificates).where(eq(signingCertificates.id, id));
    return row;
  }

  /** A person's newest certificate, revoked or not. */
  async latestCertificateOf(userId: string, tx: Db | Tx = this.db): Promise<CertificateRow | undefined> {
    const [row] = await tx.select().from(signingCertificates).where(eq(signingCertificates.userId, userId)).orderBy(desc(signingCertificates.createdAt)).limit(1);
    return row;
  }

  async certificatesByFingerprint(fingerprints: string[]): Promise<CertificateRow[]> {
    if (!fingerprints.length) return [];
    return this.db.select().from(signingCertificates).where(inArray(signingCertificates.fingerprint, fingerprints));
  }

  async certificates(userId?: string): Promise<(CertificateRow & { userName: string })[]> {
    const rows = await this.db
      .select({ c: signingCertificates, userName: users.name })
      .from(signingCertificates)
      .innerJoin(users, eq(users.id, signingCertificates.userId))
      .where(userId ? eq(signingCertificates.userId, userId) : sql`true`)
      .orderBy(desc(signingCertificates.createdAt));
    return rows.map((r) => ({ ...r.c, userName: r.userName }));
  }

  async revoke(id: string, by: string, reason: string, at: Date, tx: Tx): Promise<boolean> {
    const rows = await tx
      .update(signingCertificates)
      .set({ revokedAt: at, revokedBy: by, revocationReason: reason })
      .where(and(eq(signingCertificates.id, id), sql`${signingCertificates.revokedAt} is null`))
      .returning({ id: signingCertificates.id });
    return rows.length > 0;
  }

  /** Signables a person may see: created by them or to be signed by them. */
  async visibleTo(userId: string, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectDistinct({ id: signables.id })
      .from(signables)
      .leftJoin(signableSigners, eq(signableSigners.signableId, signables.id))
      .where(and(inArray(signables.id, ids), or(eq(signables.createdBy, userId), eq(signableSigners.userId, userId))));
    return new Set(rows.map((r) => r.id));
  }

  /** Every sealed private key with the context it is sealed for (`signingKeyContext`), for a rotation of the secrets key. */
  async sealedKeys(tx: Db | Tx = this.db): Promise<{ table: 'authority' | 'certificate'; id: string; sealedKey: string; context: string }[]> {
    const cas = await tx.select({ id: signingAuthorities.id, sealedKey: signingAuthorities.sealedKey }).from(signingAuthorities);
    const certs = await tx.select({ id: signingCertificates.id, sealedKey: signingCertificates.sealedKey }).from(signingCertificates);
    return [
      ...cas.map((c) => ({ table: 'authority' as const, id: c.id, sealedKey: c.sealedKey, context: signingKeyContext('signing_authorities', c.id) })),
      ...certs.map((c) => ({ table: 'certificate' as const, id: c.id, sealedKey: c.sealedKey, context: signingKeyContext('signing_certificates', c.id) })),
    ];
  }

  async setSealedKey(key: { table: 'authority' | 'certificate'; id: string }, sealedKey: string, tx: Db | Tx = this.db): Promise<void> {
    if (key.table === 'authority') await tx.update(signingAuthorities).set({ sealedKey }).where(eq(signingAuthorities.id, key.id));
    else await tx.update(signingCertificates).set({ sealedKey }).where(eq(signingCertificates.id, key.id));
  }
}

/** What a signing key is sealed for: its table and row (a key copied into another row does not open there). */
export const signingKeyContext = (table: 'signing_authorities' | 'signing_certificates', id: string) => `${table}.key:${id}`;
