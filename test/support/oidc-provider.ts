import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface ProviderProcess {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Starts the test OpenID Connect provider (oidc-provider-server.mjs) in its own process and
 * resolves once it serves. No network beyond the loopback interface.
 */
export async function startOidcProvider(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<ProviderProcess> {
  const child = spawn(process.execPath, [new URL('./oidc-provider-server.mjs', import.meta.url).pathname], {
    env: { ...process.env, OIDC_CLIENT_ID: client.clientId, OIDC_CLIENT_SECRET: client.clientSecret, OIDC_REDIRECT_URI: client.redirectUri },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await firstLine(child, /^listening (\S+)$/).catch((error: Error) => {
    child.kill();
    throw new Error(`${error.message}\n${errors}`);
  });
  return {
    issuer,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

function firstLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the OpenID provider did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited with code ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}

/** A port free on the loopback interface now (to register a redirect URI before listening on it). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * What a browser does for a sign-in, with plain fetch: keeps cookies (shared by every port
 * of a host, as in a browser) and follows redirects one by one.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async get(url: string | URL): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  /** A page navigation: what a browser asks for when it follows a redirect to a page. */
  async navigate(url: string | URL): Promise<Response> {
    return this.send(url, { method: 'GET', headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
  }

  async post(url: string | URL): Promise<Response> {
    return this.send(url, { method: 'POST' });
  }

  async postForm(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** Follows redirects from `url` and returns the first location `stop` accepts, without fetching it. */
  async followUntil(url: string | URL, stop: (location: URL) => boolean): Promise<URL> {
    let current = new URL(url);
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (!location) throw new Error(`${current.pathname} answered ${response.status} without redirect: ${await response.text()}`);
      current = new URL(location, current);
      if (stop(current)) return current;
    }
    throw new Error('too many redirects');
  }

  private async send(url: string | URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
      const [name = '', ...value] = pair.split('=');
      const expired = value.join('=') === '' || attributes.some((attribute) => /^max-age=0$/i.test(attribute) || /^expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    return response;
  }
}
