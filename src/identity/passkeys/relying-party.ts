/**
 * Who Vigie is to a WebAuthn authenticator: the relying party id (a domain, never an
 * address) and the origins a browser may show it under. A passkey is bound to its RP id,
 * so a phishing site under another name cannot use it.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origins: string[];
}

/**
 * From VIGIE_RP_ID and VIGIE_ORIGIN (comma-separated). Without them: `localhost`, and the
 * loopback address Vigie listens on by default along with `localhost` on the same port,
 * the origin a browser accepts for the `localhost` RP id.
 */
export function relyingPartyFrom(env: Record<string, string | undefined>, port = 8080): RelyingParty {
  const id = env.VIGIE_RP_ID?.trim() || 'localhost';
  if (!/^[a-z0-9.-]+$/i.test(id) || /^[\d.]+$/.test(id)) throw new Error(`VIGIE_RP_ID must be a domain name, not ${JSON.stringify(id)}`);
  const configured = env.VIGIE_ORIGIN?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const origins = configured?.length ? configured : [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new Error(`VIGIE_ORIGIN must list origins such as https://vigie.example.fr, not ${JSON.stringify(origin)}`);
    }
  }
  return { id: id.toLowerCase(), name: 'Vigie', origins };
}

export const DEFAULT_RELYING_PARTY = relyingPartyFrom({});
