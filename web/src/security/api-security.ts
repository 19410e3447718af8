/** The security settings (R6.2) and the dossier's annex, operators only. */
import type { SecuritySettingsView } from '../../../shared/api';
import { request } from '../api';

export const securityApi = {
  settings: () => request<SecuritySettingsView>('GET', '/api/security/settings'),
  /** A plain link: the browser downloads it with the session cookie. */
  annexUrl: '/api/security/annex.pdf',
};
