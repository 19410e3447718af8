import { z } from 'zod';
import { NOTHING_TO_CHANGE, somethingToChange } from './common';

/** Roles of R1.2. `endpoint`: a meeting room's own account, signed in on the room's computer (R1.4). */
export const roles = ['operator', 'organiser', 'secretary', 'technician', 'delegate', 'guest', 'endpoint'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;
/** Roles an organiser may hand out in their units; operator and organiser accounts come from the operator only. */
export const organiserGrantableRoles: readonly Role[] = ['secretary', 'technician', 'delegate', 'guest', 'endpoint'];

/** A person as the API shows them (never the password hash or second-factor secret). */
export interface UserView {
  id: string;
  name: string;
  /** Chức vụ, shown with the name. */
  title: string;
  unitId: string;
  /** The unit's name. */
  unit: string;
  email: string;
  phone: string;
  role: Role;
  mustChangePassword: boolean;
  /** The second factor (TOTP) is set up. */
  hasSecondFactor: boolean;
  disabled: boolean;
}

/** A person as others see them in lists. */
export interface PersonRef {
  id: string;
  name: string;
  title: string;
  unit: string;
}

export interface UnitView {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  /** Number of people and meetings that keep the unit from being deleted. */
  people: number;
  meetings: number;
}

const unitCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, 'code: letters, digits, . _ -, at most 32');

// GET    /api/units → { units: UnitView[] } (the whole tree, flat, parents before children)
// POST   /api/units (operator) → 201 { unit }
// PATCH  /api/units/:id (operator) → { unit }   DELETE /api/units/:id (operator) → 204 | unit_not_empty
// POST   /api/units/import (operator, text/csv body: code,name,parent_code) → { created: number } | csv_invalid
export const createUnitBody = z.object({
  code: unitCode,
  name: z.string().trim().min(2).max(200),
  parentId: z.string().uuid().nullable().default(null),
});
export type CreateUnitBody = z.input<typeof createUnitBody>;
/** Only the fields given change: a rename must not move the unit (no default for `parentId` here). */
export const updateUnitBody = z
  .object({
    code: unitCode.optional(),
    name: z.string().trim().min(2).max(200).optional(),
    parentId: z.string().uuid().nullable().optional(),
  })
  .refine((b) => somethingToChange(b), NOTHING_TO_CHANGE);
export type UpdateUnitBody = z.input<typeof updateUnitBody>;

/** One CSV row of a unit import: `code,name,parent_code` (parent_code empty for a root). */
export const unitCsvRow = z.object({
  code: unitCode,
  name: z.string().trim().min(2).max(200),
  parent_code: z.string().trim().toUpperCase().default(''),
});

// GET  /api/people → { people: PersonRef[] } (operators and organisers, who book meetings: every enabled person of
//      the organisation, to choose a chair, invitees and presenters beyond their own units; no contact details)
// GET  /api/users → { users: UserView[] } (operator: all; organiser: own unit subtree)
// POST /api/users → 201 { user, temporaryPassword } | email_taken
// PATCH /api/users/:id → { user }
export const createUserBody = z.object({
  name: z.string().trim().min(2).max(120),
  title: z.string().trim().max(200).default(''),
  unitId: z.string().uuid(),
  email: z.string().trim().toLowerCase().email().max(254),
  phone: z.string().trim().max(40).default(''),
  role: role.default('delegate'),
});
export type CreateUserBody = z.input<typeof createUserBody>;
export interface CreateUserResponse { user: UserView; temporaryPassword: string }
/** Only the fields given change: no defaults here, or a change of title would reset the role (zod applies defaults inside `.partial()`). */
export const updateUserBody = z
  .object({
    name: z.string().trim().min(2).max(120).optional(),
    title: z.string().trim().max(200).optional(),
    unitId: z.string().uuid().optional(),
    phone: z.string().trim().max(40).optional(),
    role: role.optional(),
    /** Disabling ends every session of the account at once (R6.4). */
    disabled: z.boolean().optional(),
  })
  .refine((b) => somethingToChange(b), NOTHING_TO_CHANGE);
export type UpdateUserBody = z.input<typeof updateUserBody>;

// POST /api/users/import (operator: any unit and role; organiser: their units, the roles they may grant)
//   { format: 'csv' | 'xlsx', content } → PeopleImportResponse | import_invalid | forbidden
//   All or nothing: every faulty row and field is named in `fields` (`row 3: email` → reason, `header` → reason);
//   nothing is written then. New accounts get no password: each is mailed a one-time sign-in link to set one.
/** The most rows one import takes (a ministry's staff at once; the body stays under the route's 16 MB). */
export const PEOPLE_IMPORT_MAX_ROWS = 20_000;
export const peopleImportBody = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** The CSV text, or the XLSX file in base64. */
  content: z.string().min(1).max(16 * 1024 * 1024),
});
export type PeopleImportBody = z.input<typeof peopleImportBody>;
export interface PeopleImportResponse {
  created: number;
  /** One-time sign-in links mailed (one per new account). */
  linksSent: number;
}
/**
 * Columns of an import, by their English id or their Vietnamese heading (diacritics and case ignored):
 * name (họ tên), email (thư điện tử), unit_code (mã đơn vị), and optionally title (chức vụ), phone (điện thoại),
 * role (vai trò: one of `roles`, delegate when empty).
 */
export const peopleImportColumns = ['name', 'email', 'unit_code', 'title', 'phone', 'role'] as const;
export const personImportRow = z.object({
  name: z.string().trim().min(2, 'required, 2 to 120 characters').max(120, 'required, 2 to 120 characters'),
  email: z.string().trim().toLowerCase().max(254, 'not an e-mail address').email('not an e-mail address'),
  unit_code: z.string().trim().toUpperCase().min(1, 'required'),
  title: z.string().trim().max(200, 'at most 200 characters').default(''),
  phone: z.string().trim().max(40, 'at most 40 characters').default(''),
  role: z
    .string()
    .default('')
    .transform((v) => v.trim().toLowerCase() || 'delegate')
    .pipe(z.enum(roles, 'not a role')),
});

// POST /api/users/:id/sign-in-link (who may manage the person) → { sent: true } | forbidden | user_not_found
//   A new one-time link, mailed; earlier unused links of the account stop working.
// POST /api/sign-in-links/redeem { token, password } (no session needed) → { email } | sign_in_link_invalid (410)
//   | password_too_weak. Sets the password once; the person then signs in with it.
export const redeemSignInLinkBody = z.object({
  token: z.string().min(20).max(200),
  password: z.string().max(256),
});
export type RedeemSignInLinkBody = z.input<typeof redeemSignInLinkBody>;

/**
 * The organisation's own words (D19.2, D21.1): who approves bookings and who decides emergencies, shown in notices,
 * panels and refusals instead of a province's fixed words — a ministry says "Văn phòng Bộ" and "Bộ trưởng".
 */
export interface OrganisationSettingsView {
  /** The office that arranges the schedule and approves bookings, e.g. "Văn phòng UBND tỉnh". */
  approvingOffice: string;
  /** Who decides an emergency meeting, e.g. "Chủ tịch UBND tỉnh". */
  decidingAuthority: string;
}
// GET /api/organisation/settings (signed in) → { settings: OrganisationSettingsView }
// PUT /api/organisation/settings (operator) OrganisationSettingsBody → { settings } | forbidden. Audited as
//   `organisation.settings_updated`.
export const organisationSettingsBody = z.object({
  approvingOffice: z.string().trim().min(2).max(200),
  decidingAuthority: z.string().trim().min(2).max(200),
});
export type OrganisationSettingsBody = z.input<typeof organisationSettingsBody>;
