import { randomUUID } from 'node:crypto';
import type { SimulatedClock } from '../clock.ts';
import type { Identity } from '../scratch-group.ts';
import type { ReplayClient } from './http.ts';
import type { Step } from './scenario.ts';

/** What the attacker holds besides the account: identities leaked elsewhere, honey ids among them if the step says so. */
export interface Loot {
  leaked: readonly Identity[];
  honeyIds: readonly string[];
}

/**
 * A scripted attacker over HTTP with a stolen bearer token, from where its client is. It keeps every patient id that
 * reached it, and stops at the first answer that says the account is contained.
 */
export class Attacker {
  requests = 0;
  readonly received = new Set<string>();
  readonly answers = new Map<string, number>();
  contained: { request: number; at: Date } | undefined;
  /** The last answer's status and issue code. */
  last = '';
  private leakedNext = 0;

  constructor(
    private readonly client: ReplayClient,
    private readonly token: string,
    private readonly clock: SimulatedClock,
    private readonly loot: Loot,
    /** Keep every resource received (what a breach-response test publishes a part of). */
    private readonly keepOutput = false,
  ) {}

  /** The resources received, when kept. */
  readonly output: Array<Record<string, unknown>> = [];

  async run(steps: readonly Step[]): Promise<void> {
    for (const step of steps) {
      if (this.contained) return;
      await this.step(step);
    }
  }

  private async step(step: Step): Promise<void> {
    switch (step.do) {
      case 'wait':
        return this.clock.advance(step.hours * 3_600_000);
      case 'repeat':
        for (let i = 0; i < step.times && !this.contained; i++) await this.run(step.steps);
        return;
      case 'search-pages': {
        let url: string | undefined = `/fhir/Patient?${step.query}`;
        for (let page = 0; url && page < step.pages && !this.contained; page++) {
          const bundle = await this.get(url);
          const next = (bundle?.link as Array<{ relation: string; url: string }> | undefined)?.find((link) => link.relation === 'next')?.url;
          url = next ? new URL(next).pathname + new URL(next).search : undefined;
        }
        return;
      }
      case 'lookup-leaked':
        for (let i = 0; i < step.count && !this.contained; i++) {
          const person = this.nextLeaked();
          if (!person) return;
          await this.get(`/fhir/Patient?family=${encodeURIComponent(person.family)}&given=${encodeURIComponent(person.given)}&birthdate=${person.birthDate}`);
        }
        return;
      case 'read-ids':
        for (let i = 0; i < step.count && !this.contained; i++) {
          const honey = step.honey ? this.loot.honeyIds[i % Math.max(1, this.loot.honeyIds.length)] : undefined;
          // A leaked list with honey records in it: one in ten ids read is one.
          const id = honey && i % 10 === 9 ? honey : step.source === 'random' ? randomUUID() : this.nextLeaked()?.id;
          if (!id) return;
          await this.get(step.everything ? `/fhir/Patient/${id}/$everything` : `/fhir/Patient/${id}`);
        }
        return;
      case 'break-glass':
        for (let i = 0; i < step.count && !this.contained; i++) {
          const person = this.nextLeaked();
          if (!person) return;
          await this.send('POST', '/api/break-glass', { patient: person.id, reason: 'emergency', text: 'Urgence vitale, patient inconscient' });
          if (!this.contained) await this.get(`/fhir/Patient/${person.id}/$everything`);
        }
        return;
      case 'everything-received':
        for (const id of [...this.received]) {
          if (this.contained) return;
          await this.get(`/fhir/Patient/${id}/$everything`);
        }
        return;
      case 'bulk-export':
        await this.send('GET', step.path, undefined, { prefer: 'respond-async', accept: 'application/fhir+json' });
        return;
    }
  }

  private nextLeaked(): Identity | undefined {
    return this.loot.leaked[this.leakedNext++];
  }

  private get(path: string): Promise<Record<string, unknown> | undefined> {
    return this.send('GET', path);
  }

  private async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown> | undefined> {
    this.requests++;
    const { status, json } = await this.client.send(method, path, body, { authorization: `Bearer ${this.token}`, ...headers });
    const code = (json?.issue as Array<{ code: string }> | undefined)?.[0]?.code;
    const key = `${status}${code ? ` ${code}` : ''}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
    this.last = key;
    if (status === 401 || code === 'suspended') this.contained ??= { request: this.requests, at: this.clock.now() };
    const ok = status >= 200 && status < 300;
    if (ok && json) this.collect(json);
    return ok ? json : undefined;
  }

  /** Every patient a response carried: Patients themselves, and the patients other resources are about. */
  private collect(resource: Record<string, unknown>): void {
    if (resource.resourceType === 'Bundle') {
      for (const entry of (resource.entry as Array<{ resource?: Record<string, unknown> }> | undefined) ?? []) if (entry.resource) this.collect(entry.resource);
      return;
    }
    if (this.keepOutput) this.output.push(resource);
    if (resource.resourceType === 'Patient' && typeof resource.id === 'string') return void this.received.add(resource.id);
    for (const field of ['subject', 'patient', 'beneficiary']) {
      const reference = (resource[field] as { reference?: string } | undefined)?.reference;
      if (reference?.startsWith('Patient/')) this.received.add(reference.slice('Patient/'.length));
    }
  }
}
