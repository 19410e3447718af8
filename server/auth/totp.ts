/**
 * The TOTP second factor (R1.3) on otplib: RFC 6238 with the authenticator apps' defaults (SHA-1, 6 digits, 30 s).
 * A code is accepted one step early or late (clock drift of the phone), and never twice: a code seen once, or an
 * older one, is refused (RFC 6238 §5.2), so a code read over someone's shoulder is worth nothing afterwards. The
 * last step accepted is kept per account in the database (`users.totp_last_step`), so a restart forgets nothing.
 */
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'GiaoBan';
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted on either side of the server's: ±30 s of phone clock drift. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A new random secret (base32, 20 bytes). */
export const newTotpSecret = (): string => generateSecret();

/** The `otpauth://` address an authenticator app reads from the QR code. */
export const enrolmentUri = (secret: string, accountName: string): string => generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });

/** The address as a QR code, an SVG document. */
export const enrolmentQrSvg = (uri: string): Promise<string> => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/**
 * Checks a code against the secret at `now`. `afterStep` is the last time step accepted for this account: that
 * code and older ones are refused. Returns the matched time step, or null.
 */
export async function checkTotp(secret: string, code: string, now: Date, afterStep?: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid ? (result as { timeStep?: number }).timeStep ?? Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + result.delta : null;
  } catch {
    return null; // a malformed secret must not turn into a 500 on the sign-in
  }
}
