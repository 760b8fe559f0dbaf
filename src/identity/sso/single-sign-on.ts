import type { KeyRing } from '../../crypto/key-ring.ts';
import { appendAudit, type AuditEntry } from '../../ledger/append.ts';
import type { Database, Sql } from '../../store/database.ts';
import { Unauthenticated, type Origin } from '../../domain/actor.ts';
import { addressContainedFor } from '../../guard/together.ts';
import { ADDRESS_CONTAINED } from '../login.ts';
import { openSession } from '../sessions.ts';
import { loginWait, Throttled } from '../throttle.ts';
import { consumeAttempt, recordAttempt } from './attempts.ts';
import type { ProviderIdentity } from './claims.ts';
import type { SsoConfig } from './config.ts';
import { decideSsoSignIn } from './decision.ts';
import { IdentityProvider, type AuthorizationSecrets } from './identity-provider.ts';
import { issueLoginTicket } from '../login-ticket.ts';
import { accountsOfRpps } from './practitioner-accounts.ts';

export type SsoResult = { token: string; expiresAt: string } | { ticket: string; mfa: string[] };

export interface SsoDeps {
  db: Database;
  keys: KeyRing;
  config: SsoConfig;
}

/**
 * Sign-in through the identity provider. Every callback ends in one audit entry, `login`
 * with `detail.method = 'sso'`, written in the transaction that opens the session or the
 * ticket, or records the refusal. Refusals are uniform to the caller (no enumeration of
 * RPPS numbers) and precise in the audit trail.
 */
export class SingleSignOn {
  private readonly provider: IdentityProvider;

  constructor(private readonly deps: SsoDeps) {
    this.provider = new IdentityProvider(deps.config);
  }

  /** The provider's authorization URL, and the state the browser must bring back. */
  async start(): Promise<{ url: URL; state: string }> {
    const { url, secrets } = await this.provider.authorizationRequest();
    await recordAttempt(this.deps.db, this.deps.keys, secrets);
    return { url, state: secrets.state };
  }

  /**
   * Completes a sign-in from the callback's query string. `browserState` is the state the
   * browser kept from `start` (a cookie): a callback carried to another browser — login
   * CSRF, a leaked redirect — is refused.
   */
  async finish(callbackQuery: string, browserState: string | undefined, origin: Origin): Promise<SsoResult> {
    const secrets = await this.consumeState(new URLSearchParams(callbackQuery).get('state'), browserState, origin);
    let identity: ProviderIdentity;
    try {
      identity = await this.provider.identityFromCallback(callbackQuery, secrets);
    } catch (error) {
      await this.deps.db.transaction((tx) => audit(tx, origin, { outcome: 'refused', reason: `provider answer rejected: ${describe(error)}` }));
      throw new Unauthenticated();
    }
    const result = await this.deps.db.transaction((tx) => this.signIn(tx, identity, origin));
    if (result instanceof Error) throw result; // once the refusal's audit entry is committed
    return result;
  }

  private async consumeState(state: string | null, browserState: string | undefined, origin: Origin): Promise<AuthorizationSecrets> {
    const secrets = await this.deps.db.transaction(async (tx) => {
      const attempt = state ? await consumeAttempt(tx, this.deps.keys, state) : { ok: false as const, reason: 'no state in the callback' };
      if (attempt.ok && browserState === state) return attempt.secrets;
      await audit(tx, origin, { outcome: 'refused', reason: attempt.ok ? 'state not bound to this browser' : attempt.reason });
      return undefined;
    });
    if (!secrets) throw new Unauthenticated();
    return secrets;
  }

  private async signIn(tx: Sql, identity: ProviderIdentity, origin: Origin): Promise<SsoResult | Error> {
    const accounts = identity.rpps ? await accountsOfRpps(tx, identity.rpps) : [];
    const decision = decideSsoSignIn(identity, accounts, this.deps.config);
    const { account } = decision;
    const detail = { issuer: identity.issuer, subject: identity.subject, rpps: identity.rpps, acr: identity.acr, amr: identity.amr };
    // A ticket leads to Vigie's TOTP, which lockouts protect from guessing: none while locked.
    // A session needs no Vigie factor, so a professional whose password is under attack can
    // still come in with the card or app.
    const wait = decision.kind === 'ticket' ? await loginWait(tx, decision.account.username, origin.address) : undefined;
    if (wait !== undefined) {
      await audit(tx, origin, { outcome: 'refused', reason: 'throttled: too many failed sign-ins', actorId: account?.id, actorRole: account?.role, detail });
      return new Throttled(wait);
    }
    if (decision.kind !== 'refused' && (await addressContainedFor(tx, decision.account.id, origin.address))) {
      await audit(tx, origin, { outcome: 'refused', reason: ADDRESS_CONTAINED, actorId: account?.id, actorRole: account?.role, detail });
      return new Unauthenticated();
    }
    let result: SsoResult | Error = new Unauthenticated();
    let sessionId: string | undefined;
    if (decision.kind === 'session') {
      const session = await openSession(tx, decision.account, origin);
      ({ sessionId } = session);
      result = { token: session.token, expiresAt: session.expiresAt };
    } else if (decision.kind === 'ticket') {
      result = await issueLoginTicket(tx, decision.account, origin);
    }
    await audit(tx, origin, {
      outcome: decision.kind === 'refused' ? 'refused' : 'allowed',
      reason: decision.reason,
      actorId: account?.id,
      actorRole: account?.role,
      sessionId,
      detail,
    });
    return result;
  }
}

function audit(tx: Sql, origin: Origin, entry: Omit<AuditEntry, 'action' | 'address'>): Promise<void> {
  return appendAudit(tx, [
    {
      ...entry,
      action: 'login',
      reason: `single sign-on: ${entry.reason}`,
      address: origin.address,
      detail: { method: 'sso', userAgent: origin.userAgent, ...entry.detail },
    },
  ]);
}

/** openid-client errors carry a code (and the provider's `error`); enough to investigate. */
function describe(error: unknown): string {
  const { code, error: providerError, message } = error as { code?: string; error?: string; message?: string };
  return [code, providerError, message].filter(Boolean).join(': ').slice(0, 300);
}
