import { totpCode } from '../src/identity/totp.ts';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';

/**
 * Signs a demo account in over HTTP as its owner would (password, then the TOTP code) and
 * returns the headers of its later requests. A session is bound to the place it was opened
 * from (address and user agent, src/guard/session-place.ts): requests must send the same
 * `headers` given here, or the guard closes the session as a copied token.
 */
export async function signIn(base: string, account: DemoAccount, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok)
      throw new Error(`${account.username} ${path}: ${response.status} ${await response.text()} (a TOTP code is accepted once: wait 30 s between runs)`);
    return response.json() as Promise<Record<string, string>>;
  };
  const { ticket } = await post('/api/auth/login', { username: account.username, password: account.password });
  const { token } = await post('/api/auth/totp', { ticket, code: totpCode(account.totpSecret) });
  if (!token) throw new Error(`${account.username} was asked for more than a TOTP code`);
  return { ...headers, authorization: `Bearer ${token}` };
}

/** The patients a clinician may see, first page: their current care relationships. */
export async function patientsOf(base: string, headers: Record<string, string>, count = 1000): Promise<fhir4.Patient[]> {
  const response = await fetch(`${base}/fhir/Patient?_count=${count}`, { headers });
  if (!response.ok) throw new Error(`patient list: ${response.status} ${await response.text()}`);
  const bundle = (await response.json()) as fhir4.Bundle;
  return (bundle.entry ?? []).map((entry) => entry.resource as fhir4.Patient);
}
