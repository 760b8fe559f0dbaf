import { Secret, TOTP } from 'otpauth';

/** TOTP per RFC 6238: SHA-1, 6 digits, 30 s steps — what every authenticator app reads. */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secret: string, label = 'Vigie'): TOTP {
  return new TOTP({ issuer: 'Vigie', label, secret: Secret.fromBase32(secret), digits: 6, period: PERIOD });
}

export function totpCode(secret: string, at = Date.now()): string {
  return totpOf(secret).generate({ timestamp: at });
}

export function totpUri(secret: string, username: string): string {
  return totpOf(secret, username).toString();
}

/**
 * The time step the code belongs to (±1 step for clock drift), or undefined. The caller
 * refuses a step not later than the last one accepted, so a code cannot be replayed.
 */
export function totpStep(secret: string, code: string, at = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secret).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? undefined : Math.floor(at / 1000 / PERIOD) + delta;
}
