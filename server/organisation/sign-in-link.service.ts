/**
 * One-time sign-in links (R1.3) for accounts made without a password — the bulk import, where hashing a temporary
 * password per person with argon2 is what made creating people slow (~35 ms each, one after the other). The
 * person opens the link (its token in the address's fragment, never sent in a request line or logged), sets a
 * password, and signs in with it. A link works once and for SIGN_IN_LINK_DAYS; only its sha256 is stored; the
 * mail holding it is the only copy (the outbox keeps it sealed until sent, and shows it masked). Issuing and using a link are audit entries.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditService } from '../audit/audit.service';
import { hashPassword, isStrongEnough } from '../auth/password';
import type { Db, Tx } from '../db/client';
import { AppError } from '../errors';
import { newSecretSlot } from '../mail/mail-secret';
import type { MailService, OutgoingMail } from '../mail/mail.service';
import { vnDateTime } from '../pdf/vn-date';
import { organisationPolicy, type Actor } from './organisation.policy';
import type { SignInLinkRepository } from './sign-in-link.repository';
import type { UnitRepository } from './unit.repository';
import type { UserRepository } from './user.repository';

export const SIGN_IN_LINK_DAYS = 7;
/** A password-reset link ("Quên mật khẩu?") works this long. */
export const RESET_LINK_MINUTES = 30;
/** One reset mail per account at most this often: a stranger typing someone's address cannot flood their mailbox. */
const RESET_MAIL_INTERVAL_MS = 60_000;
export const RESET_MAIL_KIND = 'password_reset';
/** What an account without a password holds instead of a hash: argon2 cannot verify it, so no password signs in. */
export const NO_PASSWORD = '!sign-in-link';
export const MAIL_KIND = 'sign_in_link';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewLink {
  row: { userId: string; tokenHash: string; expiresAt: Date; createdBy: string | null; purpose?: 'welcome' | 'reset' };
  mail: OutgoingMail;
}

export class SignInLinkService {
  constructor(
    private readonly db: Db,
    private readonly links: SignInLinkRepository,
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly options: {
      baseUrl: () => string;
      now?: () => Date;
      /** Called after a reset ended an account's sessions: its meeting connections close at once. */
      sessionsEnded?: (userId: string) => Promise<unknown>;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** A new link for a person: the row to store and the mail that carries it (written by the caller, in its transaction). */
  newLink(person: { id: string; name: string; title: string; email: string }, by: Actor): NewLink {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + SIGN_IN_LINK_DAYS * 86_400_000);
    const url = `${this.options.baseUrl().replace(/\/+$/, '')}/welcome#${token}`;
    const lines = [
      `Kính gửi: ${[person.title, person.name].filter(Boolean).join(' ')}`,
      '',
      `${by.unitName || 'Quản trị hệ thống'} đã tạo tài khoản GiaoBan (hệ thống họp trực tuyến) cho đồng chí, đăng nhập bằng địa chỉ thư ${person.email}.`,
      `Để đặt mật khẩu và đăng nhập lần đầu, đề nghị đồng chí mở liên kết sau (chỉ dùng được một lần, hết hạn lúc ${vnDateTime(expiresAt)}):`,
      url,
      '',
      'Không chuyển liên kết này cho người khác: ai mở nó sẽ đặt được mật khẩu tài khoản của đồng chí.',
      'Nếu liên kết đã hết hạn, đề nghị liên hệ người quản lý đơn vị để được cấp liên kết mới.',
    ];
    return {
      row: { userId: person.id, tokenHash: sha256(token), expiresAt, createdBy: by.id },
      mail: linkMail(person, MAIL_KIND, 'Tài khoản GiaoBan của đồng chí: đặt mật khẩu', lines, url),
    };
  }

  /** The link of "Quên mật khẩu?": 30 minutes, to the reset page. */
  private resetLink(person: { id: string; name: string; title: string; email: string }): NewLink {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + RESET_LINK_MINUTES * 60_000);
    const url = `${this.options.baseUrl().replace(/\/+$/, '')}/reset-password#${token}`;
    const lines = [
      `Kính gửi: ${[person.title, person.name].filter(Boolean).join(' ')}`,
      '',
      `Hệ thống GiaoBan nhận được yêu cầu đặt lại mật khẩu cho tài khoản ${person.email}.`,
      `Để đặt mật khẩu mới, đề nghị đồng chí mở liên kết sau (chỉ dùng được một lần, hết hạn lúc ${vnDateTime(expiresAt)}):`,
      url,
      '',
      'Khi đặt mật khẩu mới, mọi phiên đăng nhập của tài khoản đều kết thúc.',
      'Nếu đồng chí không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn dùng được.',
    ];
    return {
      row: { userId: person.id, tokenHash: sha256(token), expiresAt, createdBy: null, purpose: 'reset' },
      mail: linkMail(person, RESET_MAIL_KIND, 'GiaoBan: đặt lại mật khẩu', lines, url),
    };
  }

  /** Store links and queue their mails in the caller's transaction. */
  async store(tx: Tx, links: NewLink[]): Promise<void> {
    await this.links.insertMany(tx, links.map((l) => l.row));
    await this.mail.enqueue(tx, links.map((l) => l.mail));
  }

  /** A new link for one account, by someone who may manage it; its earlier unused links stop working. */
  async issue(actor: Actor, userId: string, ip = ''): Promise<void> {
    const target = await this.users.findById(userId);
    if (!target) throw new AppError('user_not_found');
    const tree = await this.units.tree();
    if (!organisationPolicy.managePeopleIn(actor, target.unitId, tree) || !organisationPolicy.grantRole(actor, target.role) || target.role === 'endpoint') throw new AppError('forbidden');
    const link = this.newLink(target, actor);
    await this.db.transaction(async (tx) => {
      await this.links.expireUnused(tx, userId, this.now());
      await this.store(tx, [link]);
      await this.audit.record({ actorId: actor.id, action: 'user.sign_in_link_issued', targetType: 'user', targetId: userId, data: { expiresAt: link.row.expiresAt.toISOString() }, ip }, tx);
    });
  }

  /**
   * "Quên mật khẩu?" (R1.3): an enabled account with this address (not a meeting room's, whose password the operator
   * keeps) is mailed a reset link through the outbox; its earlier unused links stop working. The caller answers the
   * same whatever happened, so the request tells nobody whether the address has an account; the audit trail records
   * each request (an unknown address by the address given).
   */
  async requestReset(email: string, ip = ''): Promise<void> {
    const user = await this.users.findByEmail(email);
    const now = this.now();
    const eligible = user && !user.disabledAt && user.role !== 'endpoint';
    await this.db.transaction(async (tx) => {
      if (!eligible) {
        await this.audit.record({ actorId: null, action: 'auth.password_reset_requested', targetType: user ? 'user' : '', targetId: user?.id ?? '', data: { email, sent: false }, ip }, tx);
        return;
      }
      const last = await this.links.lastResetAt(tx, user.id);
      const tooSoon = last !== null && now.getTime() - last.getTime() < RESET_MAIL_INTERVAL_MS;
      if (!tooSoon) {
        const link = this.resetLink(user);
        await this.links.expireUnused(tx, user.id, now);
        await this.store(tx, [link]);
      }
      await this.audit.record({ actorId: null, action: 'auth.password_reset_requested', targetType: 'user', targetId: user.id, data: { email, sent: !tooSoon }, ip }, tx);
    });
  }

  /**
   * The person sets their password through the link. An unknown, used or expired link gets the same refusal (and
   * nothing said of the account); a link used is an audit entry of its account.
   */
  async redeem(token: string, password: string, ip = ''): Promise<{ email: string }> {
    const link = await this.links.findByHash(sha256(token));
    const now = this.now();
    if (!link || link.usedAt || link.expiresAt <= now) throw new AppError('sign_in_link_invalid');
    const user = await this.users.findById(link.userId);
    if (!user || user.disabledAt) throw new AppError('sign_in_link_invalid');
    if (!isStrongEnough(password, user.email)) throw new AppError('password_too_weak');
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      // single use even when two requests race: only the one whose update finds it unused goes on
      if (!(await this.links.use(tx, link.id, now))) throw new AppError('sign_in_link_invalid');
      await this.links.expireUnused(tx, user.id, now);
      await this.links.setPassword(tx, user.id, passwordHash, now);
      const action = link.purpose === 'reset' ? 'auth.password_reset' : 'user.sign_in_link_used';
      await this.audit.record({ actorId: user.id, action, targetType: 'user', targetId: user.id, data: { linkId: link.id }, ip }, tx);
    });
    // every session of the account has ended (setPassword): their meeting presences close too
    await this.options.sessionsEnded?.(user.id);
    return { email: user.email };
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A link's mail: the lines as text, and as HTML with the link clickable. */
function linkMail(person: { id: string; email: string }, kind: string, subject: string, lines: string[], url: string): OutgoingMail {
  // The link is a key to the account: the stored mail holds a slot where it goes and the link is sealed beside it
  // (mail-secret.ts), so no one reading the outbox (the operator, an organiser) can use it; only the sent mail has it.
  const slot = newSecretSlot();
  const shown = lines.map((l) => (l === url ? slot : l));
  return {
    meetingId: null,
    userId: person.id,
    kind,
    to: person.email,
    subject,
    text: shown.join('\n'),
    html: shown.map((l) => (l === slot ? `<p><a href="${slot}">${slot}</a></p>` : `<p>${escapeHtml(l)}</p>`)).join(''),
    attachments: [],
    secret: { slot, value: url },
  };
}
