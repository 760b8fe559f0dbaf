import http from 'node:http';
import https from 'node:https';

/** One HTTP client of the replay: its connections kept alive, and leaving from `localAddress` when given (where the attacker is). */
export class ReplayClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly base: string,
    localAddress?: string,
  ) {
    const Agent = base.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, ...(localAddress ? { localAddress } : {}) });
  }

  /** The answer's status and JSON body (undefined when it has none). */
  send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = (url.protocol === 'https:' ? https : http).request;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        { method, agent: this.agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            let json: Record<string, unknown> | undefined;
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              json = undefined;
            }
            resolve({ status: response.statusCode ?? 0, json });
          });
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
