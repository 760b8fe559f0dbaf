import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** What a run started, stopped in the reverse order at its end, whether it ends well or not. */
export class Teardown {
  private readonly steps: Array<() => unknown> = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`teardown: ${(error as Error).message}`);
      }
    }
  }
}

/** A server started for the run, listening on `base`, its output in `log`. */
export interface Server {
  name: string;
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `node ARGS` with `env` and PORT, a free port (nothing of this process's environment
 * but PATH and HOME: a stray VIGIE_ setting would change what is measured), waits until
 * `readyPath` answers 200, and registers its stop.
 */
export async function startServer(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  log: string,
  teardown: Teardown,
): Promise<Server> {
  const port = await freePort();
  const output = openSync(log, 'a');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  teardown.add(() => stop(child));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} ended before it was ready:\n${tail(log)}`);
    const status = await fetch(`${base}${readyPath}`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { name, base, pid: child.pid!, stop: () => stop(child) };
    if (Date.now() > deadline) throw new Error(`${name} was not ready in 3 minutes:\n${tail(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM (a server closes its database cleanly), then SIGKILL if it has not ended within 20 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await ended;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
