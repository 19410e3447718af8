/** Units and people (R1.1, R1.2): the HTTP calls, on `request()` from api.ts. */
import type { OrganisationSettingsBody, OrganisationSettingsView, CreateUnitBody, CreateUserBody, CreateUserResponse, PeopleImportBody, PeopleImportResponse, RedeemSignInLinkBody, UnitView, UpdateUnitBody, UpdateUserBody, UserView } from '../../../shared/api';
import { request } from '../api';

const unitPath = (id: string) => `/api/units/${encodeURIComponent(id)}`;

export const organisationApi = {
  units: () => request<{ units: UnitView[] }>('GET', '/api/units').then((r) => r.units),
  createUnit: (body: CreateUnitBody) => request<{ unit: UnitView }>('POST', '/api/units', body).then((r) => r.unit),
  updateUnit: (id: string, body: UpdateUnitBody) => request<{ unit: UnitView }>('PATCH', unitPath(id), body).then((r) => r.unit),
  deleteUnit: (id: string) => request<void>('DELETE', unitPath(id)),
  /** The CSV text travels as a JSON string; the server reads it exactly as a `text/csv` upload. */
  importUnits: (csv: string) => request<{ created: number }>('POST', '/api/units/import', csv),

  users: () => request<{ users: UserView[] }>('GET', '/api/users').then((r) => r.users),
  createUser: (body: CreateUserBody) => request<CreateUserResponse>('POST', '/api/users', body),
  updateUser: (id: string, body: UpdateUserBody) => request<{ user: UserView }>('PATCH', `/api/users/${encodeURIComponent(id)}`, body).then((r) => r.user),
  /** A CSV's text, or an XLSX in base64 (the JSON body carries either). */
  importPeople: (body: PeopleImportBody) => request<PeopleImportResponse>('POST', '/api/users/import', body),
  sendSignInLink: (id: string) => request<{ sent: true }>('POST', `/api/users/${encodeURIComponent(id)}/sign-in-link`),
  settings: () => request<{ settings: OrganisationSettingsView }>('GET', '/api/organisation/settings').then((r) => r.settings),
  saveSettings: (body: OrganisationSettingsBody) => request<{ settings: OrganisationSettingsView }>('PUT', '/api/organisation/settings', body).then((r) => r.settings),
  redeemSignInLink: (body: RedeemSignInLinkBody) => request<{ email: string }>('POST', '/api/sign-in-links/redeem', body),
};
