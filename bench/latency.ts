/**
 * `npm run bench:latency -- --url http://127.0.0.1:8080 --accounts DATA/demo-accounts.json`
 *
 * Single-request latencies against a running server, for a database too large to seed
 * in a benchmark run (the README's figures at 1,000,000 patients): a demo doctor's first
 * page of patients, a read, `$everything`, searches within their relationships; an
 * admissions account's 3-letter prefix search, a prefix with no match, and 50 pages.
 */
import { parseArgs } from 'node:util';
import { readDemoAccounts, type DemoAccount } from '../src/seed/demo-accounts.ts';
import { signIn as staffSignIn } from './staff-client.ts';

const { values } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:8080' }, accounts: { type: 'string' } } });
if (!values.accounts) throw new Error('--accounts FILE: the demo credentials file of the seeded database');
const base = values.url;
const accounts = readDemoAccounts(values.accounts);

const signIn = (role: DemoAccount['role']) =>
  staffSignIn(
    base,
    accounts.find((candidate) => candidate.role === role)!,
  );

async function timed(label: string, path: string, headers: Record<string, string>): Promise<fhir4.Bundle & fhir4.Resource> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers });
  const body = (await response.json()) as fhir4.Bundle & fhir4.Resource;
  const entries = body.entry ? `, ${body.entry.length} entries` : '';
  console.log(`${label}: ${Math.round(performance.now() - started)} ms (HTTP ${response.status}${entries})`);
  return body;
}

const doctor = await signIn('doctor');
const mine = await timed('doctor: first page of their patients (100)', '/fhir/Patient?_count=100', doctor);
const first = mine.entry?.[0]?.resource as fhir4.Patient | undefined;
if (first) {
  await timed('doctor: Patient read', `/fhir/Patient/${first.id}`, doctor);
  await timed('doctor: $everything', `/fhir/Patient/${first.id}/$everything`, doctor);
  // The hot path: reads within relationships, which the guard admits for nothing (or one small query).
  const ids = mine.entry!.map((entry) => entry.resource!.id!);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    await (await fetch(`${base}/fhir/Patient/${ids[i % ids.length]}`, { headers: doctor })).arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(1);
  console.log(`doctor: 300 reads within relationships: median ${at(0.5)} ms, 90th percentile ${at(0.9)} ms`);
  await timed('doctor: family prefix within their relationships', `/fhir/Patient?family=${encodeURIComponent(first.name![0]!.family!.slice(0, 3))}`, doctor);
}
await timed('doctor: family=mar within their relationships', '/fhir/Patient?family=mar', doctor);

const admissions = await signIn('admissions');
await timed('admissions: family=mar (20)', '/fhir/Patient?family=mar&_count=20', admissions);
await timed('admissions: family=zzz (no match)', '/fhir/Patient?family=zzz&_count=20', admissions);
let next: string | undefined = '/fhir/Patient?_count=100';
const started = performance.now();
let pages = 0;
for (; next && pages < 50; pages++) {
  const bundle = (await (await fetch(`${base}${next}`, { headers: admissions })).json()) as fhir4.Bundle;
  const link = bundle.link?.find((candidate) => candidate.relation === 'next')?.url;
  next = link ? new URL(link).pathname + new URL(link).search : undefined;
}
console.log(`admissions: ${pages} pages of 100: ${Math.round((performance.now() - started) / pages)} ms a page`);
