/**
 * The one way the pages reach Vigie: the same API as every other client, with the
 * session's bearer token. Every patient datum a page shows comes from here, so through
 * the gate; the application holds nothing the API would refuse.
 */
import type { Answer } from '../api/answers.ts';

export type Me = Answer<'/api/me', 'get'>;

export interface Session {
  token: string;
  expiresAt: string;
  me: Me;
}

/** A refusal as the API states it (a FHIR OperationOutcome): status, issue code, words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly diagnostics: string,
    readonly retryAfter?: number,
  ) {
    super(diagnostics);
  }

  /** The guard asks for a fresh passkey before going on. */
  get stepUp(): boolean {
    return this.status === 403 && this.code === 'security';
  }

  /** The guard contained the account. */
  get contained(): boolean {
    return this.status === 403 && this.code === 'suspended';
  }
}

// The token lives for the tab only (sessionStorage): closing it signs out, and no other tab or later visitor finds it.
const KEY = 'vigie.session';

export function storedSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  return new Date(session.expiresAt) > new Date() ? session : undefined;
}

export function storeSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

export async function call<T>(method: string, path: string, options: { token?: string | undefined; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'omit' });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const issue = (json as { issue?: Array<{ code?: string; diagnostics?: string }> } | undefined)?.issue?.[0];
    const retry = response.headers.get('retry-after');
    throw new ApiError(response.status, issue?.code ?? 'exception', issue?.diagnostics ?? response.statusText, retry ? Number(retry) : undefined);
  }
  return json as T;
}

/** Every entry of a FHIR search, page after page, following `next` links (the server's keyset cursors). */
export async function allEntries(send: (path: string) => Promise<fhir4.Bundle>, first: string): Promise<fhir4.BundleEntry[]> {
  const entries: fhir4.BundleEntry[] = [];
  for (let url: string | undefined = first; url;) {
    const bundle = await send(url);
    entries.push(...(bundle.entry ?? []));
    const next = bundle.link?.find((link) => link.relation === 'next')?.url;
    const nextUrl = next ? new URL(next, location.origin) : undefined;
    url = nextUrl && nextUrl.pathname + nextUrl.search;
  }
  return entries;
}
