import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain/roles.ts';
import { totpCode } from '../../identity/totp.ts';
import type { SimulatedClock } from '../../guard/clock.ts';
import type { Identity } from '../scratch-group.ts';
import type { ReplayClient } from './http.ts';
import type { Step } from './scenario.ts';

/**
 * What the attacker holds besides the account: identities leaked elsewhere, honey ids
 * among them if the step says so, and where the stolen account works (its establishment,
 * a unit there — its own, if it has one — and its practitioner), which its holder's
 * screens show.
 */
export interface Loot {
  leaked: readonly Identity[];
  honeyIds: readonly string[];
  place?: { establishmentId: string; unitId: string | undefined; practitionerId: string | undefined } | undefined;
  /** Patients in the news: staying now in a unit of the group that is not the attacker's. */
  inTheNews?: ReadonlySet<string> | undefined;
  /** A user administrator's choice of accounts to make: the busiest unit, and the practitioners without an account who treat the most patients. */
  targets?: { establishmentId: string; unitId: string; practitionerIds: readonly string[] } | undefined;
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
  /** Oracle probing: the answers to real ids, and those to unknown ones (status and body, the id taken out). */
  readonly oracle = { real: [] as string[], unknown: new Set<string>() };
  private leakedNext = 0;

  constructor(
    private readonly client: ReplayClient,
    private readonly token: string,
    private readonly clock: SimulatedClock,
    private readonly loot: Loot,
    /** Keep every resource received (what a breach-response test publishes a part of). */
    private readonly keepOutput = false,
    /** An insider holds the passkey: asked for a step-up, it taps it and asks again. */
    private readonly stepUp?: () => Promise<void>,
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
          await this.lookUp(person);
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
          const person = this.nextLeaked(false, step.famous ? (candidate) => this.loot.inTheNews?.has(candidate.id) ?? false : undefined);
          if (!person) return;
          if (step.lookup) await this.lookUp(person);
          if (this.contained) return;
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
      case 'write-relationships':
        return this.writeRelationships(step);
      case 'probe-oracles':
        for (let i = 0; i < step.count && !this.contained; i++) {
          const real = i % 2 === 0;
          const id = real ? this.nextLeaked()?.id : randomUUID();
          if (!id) return;
          for (const ask of [
            () => this.answerOf('GET', `/fhir/Encounter?patient=${id}`),
            () => this.answerOf('GET', `/fhir/Patient/${id}`),
            () => this.answerOf('POST', '/fhir/Encounter', this.stay(id)),
          ]) {
            if (this.contained) return;
            const answer = (await ask()).replaceAll(id, '{id}');
            if (real) this.oracle.real.push(answer);
            else this.oracle.unknown.add(answer);
          }
        }
        return;
      case 'bulk-export':
        await this.send('GET', step.path, undefined, { prefer: 'respond-async', accept: 'application/fhir+json' });
        return;
      case 'make-accounts':
        return this.makeAccounts(step.role, step.count);
    }
  }

  /**
   * Accounts made for an accomplice, or for the attacker itself: asked for, confirmed by
   * the attacker if Vigie lets it, activated with the code if one comes back (or with a
   * guessed one), signed in and paged through. Whatever they reach counts as outside.
   */
  private async makeAccounts(role: Role, count: number): Promise<void> {
    const targets = this.loot.targets;
    if (!targets) return;
    for (let i = 0; i < count && !this.contained; i++) {
      const username = `renfort.${randomUUID().slice(0, 8)}`;
      const practitionerId = role === 'doctor' ? targets.practitionerIds[i] : undefined;
      const made = await this.send('POST', '/api/admin/accounts', {
        username,
        role,
        establishmentId: targets.establishmentId,
        unitId: targets.unitId,
        ...(practitionerId ? { practitionerId } : {}),
      });
      const request = made?.request as { id: string } | undefined;
      if (!request) continue;
      const confirmed = await this.send('POST', `/api/admin/requests/${request.id}/confirm`);
      const code = (confirmed?.activation as { code?: string } | undefined)?.code ?? 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01';
      const token = await this.activateAndSignIn(username, code);
      if (!token) continue;
      const accomplice = new Attacker(this.client, token, this.clock, this.loot);
      await accomplice.run([{ do: 'search-pages', query: '_count=100', pages: 100 }]);
      for (const id of accomplice.received) this.received.add(id);
    }
  }

  /** The owner's activation and sign-in, done by whoever holds the code: a token, or nothing. */
  private async activateAndSignIn(username: string, activationCode: string): Promise<string | undefined> {
    const start = await this.client.send('POST', '/api/auth/activation/start', { username, activationCode });
    const uri = start.json?.totpUri;
    if (typeof uri !== 'string') return undefined;
    const secret = new URL(uri).searchParams.get('secret')!;
    const password = `renfort ${randomUUID()}`;
    await this.client.send('POST', '/api/auth/activation/finish', { username, activationCode, password, code: totpCode(secret) });
    const login = await this.client.send('POST', '/api/auth/login', { username, password });
    const totp = await this.client.send('POST', '/api/auth/totp', { ticket: login.json?.ticket, code: totpCode(secret, Date.now() + 30_000) });
    return typeof totp.json?.token === 'string' ? totp.json.token : undefined;
  }

  private nextLeaked(others = false, wanted?: (person: Identity) => boolean): Identity | undefined {
    while (this.leakedNext < this.loot.leaked.length) {
      const person = this.loot.leaked[this.leakedNext++]!;
      if ((!others || person.establishmentId !== this.loot.place?.establishmentId) && (!wanted || wanted(person))) return person;
    }
    return undefined;
  }

  private lookUp(person: Identity): Promise<Record<string, unknown> | undefined> {
    return this.get(`/fhir/Patient?family=${encodeURIComponent(person.family)}&given=${encodeURIComponent(person.given)}&birthdate=${person.birthDate}`);
  }

  /** Stays or care teams written for patients, then each patient read whole. */
  private async writeRelationships(step: Extract<Step, { do: 'write-relationships' }>): Promise<void> {
    const received = step.received ? [...this.received] : [];
    for (let i = 0; i < step.count && !this.contained; i++) {
      const person = step.received ? undefined : this.nextLeaked(step.others);
      const id = step.received ? received[i] : person?.id;
      if (!id) return;
      if (person && step.lookup) await this.lookUp(person);
      if (this.contained) return;
      const resource = step.kind === 'stay' ? this.stay(id) : this.careTeam(id, step.days ?? 30);
      const written = await this.send('POST', `/fhir/${resource.resourceType}`, resource);
      if (written && !this.contained) await this.get(`/fhir/Patient/${id}/$everything`);
    }
  }

  private stay(patientId: string): fhir4.Encounter {
    const place = this.loot.place;
    return {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: `Patient/${patientId}` },
      // The database's clock, not the guard's simulated one: care relationships are current by the records' own dates.
      period: { start: new Date().toISOString() },
      ...(place?.unitId ? { serviceProvider: { reference: `Organization/${place.unitId}` } } : {}),
      ...(place?.practitionerId ? { participant: [{ individual: { reference: `Practitioner/${place.practitionerId}` } }] } : {}),
    };
  }

  private careTeam(patientId: string, days: number): fhir4.CareTeam {
    const start = new Date();
    return {
      resourceType: 'CareTeam',
      status: 'active',
      subject: { reference: `Patient/${patientId}` },
      period: { start: start.toISOString(), end: new Date(start.getTime() + days * 86_400_000).toISOString() },
      participant: [{ member: { reference: `Practitioner/${this.loot.place?.practitionerId ?? randomUUID()}` } }],
    };
  }

  /** One request's status and body, as text to compare. */
  private async answerOf(method: string, path: string, body?: unknown): Promise<string> {
    const status = await this.sendRaw(method, path, body);
    return `${status.status} ${JSON.stringify(status.json ?? null)}`;
  }

  private get(path: string): Promise<Record<string, unknown> | undefined> {
    return this.send('GET', path);
  }

  private async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown> | undefined> {
    const { status, json } = await this.sendRaw(method, path, body, headers);
    const ok = status >= 200 && status < 300;
    if (ok && json) this.collect(json);
    return ok ? json : undefined;
  }

  private async sendRaw(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    stepped = false,
  ): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    this.requests++;
    const { status, json } = await this.client.send(method, path, body, { authorization: `Bearer ${this.token}`, ...headers });
    const code = (json?.issue as Array<{ code: string }> | undefined)?.[0]?.code;
    if (code === 'security' && this.stepUp && !stepped) {
      await this.stepUp();
      return this.sendRaw(method, path, body, headers, true);
    }
    const key = `${status}${code ? ` ${code}` : ''}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
    this.last = key;
    if (status === 401 || code === 'suspended') this.contained ??= { request: this.requests, at: this.clock.now() };
    return { status, json };
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
