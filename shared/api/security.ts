/**
 * The security settings page (R6.2, M11.2c): what the operator shows in the dossier of the information system's
 * security level — read from the running configuration, the database and the audit chain, never typed in.
 */
export interface SecuritySettingsView {
  generatedAt: string;
  transport: {
    https: 'off' | 'self-signed' | 'files';
    publicUrl: string | null;
    /** The certificate served, when HTTPS is on. */
    certificate: { subject: string; issuer: string; validTo: string; daysLeft: number } | null;
    /** Security headers sent with every answer. */
    headers: string[];
  };
  accounts: {
    passwordMinLength: number;
    passwordHashing: string;
    /** Operators must enrol a second factor; how many accounts have one. */
    secondFactor: { requiredForOperators: boolean; enrolled: number; accounts: number };
    sessionHours: number;
    lockout: { failures: number; minutes: number };
    guessesPerMinute: number;
    meetingPassword: { failures: number; windowMinutes: number };
  };
  audit: { ok: boolean; checked: number; anchorKept: boolean; head: string | null };
  secrets: { source: 'configuration' | 'data-directory'; previousKeys: number; sealing: string };
  backups: { last: { name: string; at: string; sizeBytes: number } | null };
  media: { janusApi: 'unix' | 'tcp'; janusAvailable: boolean; meetingRoomsPrivate: boolean };
  versions: { name: string; version: string }[];
}
