import * as oidc from 'openid-client';
import { identityOf, type ProviderIdentity } from './claims.ts';
import { type SsoConfig } from './config.ts';
import { isLoopback } from '../../domain/urls.ts';

/** What the callback must check the provider's answer against; never leaves the server but as `state`. */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider cannot be reached or its metadata is unusable. */
export class ProviderUnavailable extends Error {}

/**
 * Vigie as a confidential OpenID Connect client (openid-client): authorization code flow
 * with PKCE (S256), state and nonce. The provider's metadata is discovered on first use
 * and kept, so Vigie starts, and password sign-in works, while the provider is down.
 */
export class IdentityProvider {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: SsoConfig) {}

  /** Where to send the browser, and the secrets to keep until it comes back. */
  async authorizationRequest(): Promise<{ url: URL; secrets: AuthorizationSecrets }> {
    const configuration = await this.discovered();
    const secrets = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri.href,
      scope: this.config.scope,
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
      ...(this.config.acrValues ? { acr_values: this.config.acrValues } : {}),
    });
    return { url, secrets };
  }

  /**
   * Exchanges the code of the callback for tokens and returns who signed in. openid-client
   * checks the state, the issuer (RFC 9207 `iss`), the ID token's signature, audience,
   * expiry and nonce; any mismatch throws.
   */
  async identityFromCallback(callbackQuery: string, secrets: AuthorizationSecrets): Promise<ProviderIdentity> {
    const configuration = await this.discovered();
    const callbackUrl = new URL(this.config.redirectUri);
    callbackUrl.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: secrets.codeVerifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    const userInfo = idToken[this.config.rppsClaim] === undefined ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : undefined;
    return identityOf(idToken, userInfo, this.config.rppsClaim);
  }

  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(this.config.issuer, this.config.clientId, undefined, oidc.ClientSecretBasic(this.config.clientSecret), {
        timeout: 10,
        ...(this.config.issuer.protocol === 'http:' && isLoopback(this.config.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.configuration = undefined; // try again on the next sign-in
        throw new ProviderUnavailable(`Identity provider discovery failed: ${(error as Error).message}`);
      });
    return this.configuration;
  }
}
