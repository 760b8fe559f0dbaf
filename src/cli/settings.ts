import { accessPolicyFrom, DEFAULT_ACCESS_POLICY, type AccessPolicy } from '../access/policy.ts';
import { trustedProxiesFrom } from '../api/trusted-proxies.ts';
import { parseKey32 } from '../crypto/key-file.ts';
import { approvalAboveFrom, APPROVAL_ABOVE } from '../exports/purposes.ts';
import { alertWebhookFrom, type WebhookConfig } from '../guard/alert-webhook.ts';
import { DEFAULT_RPPS_CLAIM, DEFAULT_STRONG_ACR, DEFAULT_STRONG_AMR, ssoConfigFrom, type SsoConfig } from '../identity/sso/config.ts';
import { runtimeConfig, type RuntimeConfig } from './config.ts';

/**
 * Every setting Vigie reads from its environment, in one place: what it is, its default,
 * whether it is a secret. None turns a protection off: those that bound one may only
 * tighten it. `loadSettings` reads them all at start and refuses to start on any bad one
 * — or on a VIGIE_ name that is no setting, since a misspelt tightening would otherwise
 * leave the default silently — naming every problem at once. `vigie config` prints them.
 */
export interface SettingInfo {
  name: string;
  what: string;
  /** The value when unset, in words. */
  default: string;
  secret?: true;
}

export const SETTINGS: readonly SettingInfo[] = [
  { name: 'VIGIE_DATA', what: 'data folder: the embedded database, the demo keys, export files', default: '.vigie' },
  { name: 'DATABASE_URL', what: 'a PostgreSQL server instead of the embedded database', default: 'the embedded database', secret: true },
  { name: 'PORT', what: 'port to listen on', default: '8080' },
  { name: 'HOST', what: 'address to listen on', default: '127.0.0.1 (loopback only)' },
  { name: 'VIGIE_MASTER_KEY', what: 'master key wrapping the data keys (64 hex digits)', default: "the demo's key file in the data folder", secret: true },
  {
    name: 'VIGIE_LEDGER_KEY',
    what: "seed of the ledger's Ed25519 signing key (64 hex digits)",
    default: "the demo's key file in the data folder",
    secret: true,
  },
  { name: 'VIGIE_RP_ID', what: 'passkeys: the relying party (the site name passkeys are bound to)', default: 'localhost' },
  { name: 'VIGIE_ORIGIN', what: 'passkeys: the origins the web application is served from, comma-separated', default: 'http://localhost:PORT' },
  { name: 'VIGIE_TRUSTED_PROXIES', what: 'reverse proxies whose X-Forwarded-For names the client', default: 'none' },
  {
    name: 'VIGIE_CARE_TAIL_DAYS',
    what: 'days a care relationship still opens the record after it ends (only shorter)',
    default: String(DEFAULT_ACCESS_POLICY.careTailDays),
  },
  { name: 'VIGIE_BREAK_GLASS_HOURS', what: 'hours a break-glass access lasts (only shorter)', default: String(DEFAULT_ACCESS_POLICY.breakGlassHours) },
  { name: 'VIGIE_EXPORT_APPROVAL_ABOVE', what: 'patients past which an export needs a second person (only lower)', default: String(APPROVAL_ABOVE) },
  { name: 'VIGIE_ALERT_WEBHOOK', what: "the security team's webhook for the guard's alerts (https)", default: 'none' },
  { name: 'VIGIE_ALERT_WEBHOOK_SECRET', what: "the webhook's HMAC secret (32 characters or more)", default: 'none', secret: true },
  { name: 'VIGIE_OIDC_ISSUER', what: 'single sign-on: the OpenID provider (https)', default: 'no single sign-on' },
  { name: 'VIGIE_OIDC_CLIENT_ID', what: "single sign-on: Vigie's client id at the provider", default: 'none' },
  { name: 'VIGIE_OIDC_CLIENT_SECRET', what: "single sign-on: Vigie's client secret", default: 'none', secret: true },
  { name: 'VIGIE_OIDC_REDIRECT_URI', what: "single sign-on: Vigie's callback as registered (https)", default: 'none' },
  { name: 'VIGIE_OIDC_SCOPE', what: 'single sign-on: scopes asked for', default: 'openid' },
  { name: 'VIGIE_OIDC_ACR_VALUES', what: 'single sign-on: authentication levels asked for', default: 'none' },
  { name: 'VIGIE_OIDC_RPPS_CLAIM', what: "single sign-on: the claim that carries the professional's RPPS number", default: DEFAULT_RPPS_CLAIM },
  { name: 'VIGIE_OIDC_STRONG_ACR', what: "levels that spare Vigie's own second factor (only fewer)", default: DEFAULT_STRONG_ACR.join(',') },
  { name: 'VIGIE_OIDC_STRONG_AMR', what: "methods that spare Vigie's own second factor (only fewer)", default: DEFAULT_STRONG_AMR.join(',') },
];

export interface Settings {
  runtime: RuntimeConfig;
  access: AccessPolicy;
  sso: SsoConfig | undefined;
  trustedProxies: string[];
  exportApprovalAbove: number;
  alertWebhook: WebhookConfig | undefined;
}

export class InvalidSettings extends Error {}

export function loadSettings(flags: Parameters<typeof runtimeConfig>[0], env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const read = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined as T;
    }
  };
  const known = new Set(SETTINGS.map((setting) => setting.name));
  for (const name of Object.keys(env)
    .filter((name) => name.startsWith('VIGIE_') && !known.has(name))
    .sort()) {
    problems.push(`${name} is not a setting of Vigie (vigie config lists them)`);
  }
  for (const name of ['VIGIE_MASTER_KEY', 'VIGIE_LEDGER_KEY']) {
    const value = env[name];
    if (value) read(() => parseKey32(value, name));
  }
  const settings: Settings = {
    runtime: read(() => runtimeConfig(flags, env)),
    access: read(() => accessPolicyFrom(env)),
    sso: read(() => ssoConfigFrom(env)),
    trustedProxies: read(() => trustedProxiesFrom(env)),
    exportApprovalAbove: read(() => approvalAboveFrom(env)),
    alertWebhook: read(() => alertWebhookFrom(env)),
  };
  if (problems.length > 0) throw new InvalidSettings(`Vigie's settings are not valid:\n- ${problems.join('\n- ')}`);
  return settings;
}

/** Each setting, its value as given (a secret only as "set") or its default. */
export function describeSettings(env: NodeJS.ProcessEnv = process.env): Array<{ name: string; value: string; from: 'environment' | 'default'; what: string }> {
  return SETTINGS.map((setting) => {
    const given = env[setting.name];
    if (given === undefined || given === '') return { name: setting.name, value: setting.default, from: 'default', what: setting.what };
    return { name: setting.name, value: setting.secret ? '(set, not shown)' : given, from: 'environment', what: setting.what };
  });
}
