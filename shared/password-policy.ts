/**
 * The password policy (server/auth/password.ts), shown where a password is chosen. Its own module, free of zod, so
 * the sign-in pages do not carry the API's schemas (issue 18.7).
 */
export const PASSWORD_MIN_LENGTH = 10;
