import { Command, Option } from 'commander';
import { isUuid } from '../domain/uuid.ts';
import { MIN_KEEP_DAYS } from '../ledger/archive.ts';
import { runtimeConfig } from './config.ts';
import { describeSettings, loadSettings } from './settings.ts';

// Each command's module is imported when the command runs, so that `vigie serve` loads
// none of the seeding code (faker, the communes' 8 MB of JSON) that demo, seed and the
// drills need (test/runtime-packages.test.ts).

const program = new Command().name('vigie').description('Vigie: patient records that a stolen account cannot walk out with.').showHelpAfterError();

const dataOption = () => new Option('--data <dir>', 'data folder (embedded database, demo key and credentials)').env('VIGIE_DATA');

/** Options of the commands that serve: data folder, port, address. */
const serving = (command: Command) =>
  command
    .addOption(dataOption())
    .addOption(new Option('--port <n>', 'port (default 8080)').env('PORT'))
    .option('--host <address>', 'address to listen on', '127.0.0.1');

serving(program.command('serve'))
  .description('serve the FHIR API (embedded database in the data folder, or DATABASE_URL)')
  .action(async (flags) => (await import('./serve-command.ts')).serveCommand(loadSettings(flags)));

program
  .command('config')
  .description(
    'every setting Vigie reads from its environment: its value (secrets only as set), or its default, and what it is; then checks them all as a start would',
  )
  .action(() => {
    for (const setting of describeSettings())
      console.log(`${setting.name.padEnd(28)} ${setting.from === 'default' ? `(default) ${setting.value}` : setting.value}\n${' '.repeat(29)}${setting.what}`);
    loadSettings({});
    console.log('\nThe settings are valid.');
  });

program
  .command('migrate')
  .description("apply the pending database migrations and grant the roles vigie_app, vigie_gate and vigie_archivist their rights (as the tables' owner)")
  .addOption(dataOption())
  .action(async (flags) => (await import('./migrate.ts')).migrateCommand(runtimeConfig(flags)));

program
  .command('seed')
  .description('create a synthetic clinic group with patients, their records and demo accounts')
  .requiredOption('--patients <n>', 'number of patients', parseCount)
  .option('--seed <s>', 'random seed: the same seed gives the same data', parseCount, 1)
  .option('--as-of <date>', 'the day the records are as of, YYYY-MM-DD (default: a fixed date, so a seed gives the same data any day)', parseDay)
  .option('--accounts-out <file>', 'where to write the demo accounts (JSON, mode 0600)')
  .addOption(dataOption())
  .action(async (flags) => (await import('./seed.ts')).seedCommand(runtimeConfig(flags), flags));

program
  .command('replay <scenarios...>')
  .description(
    'replay scripted attacks (scenarios/*.json, or a folder of them) over HTTP against a fresh seeded server with a simulated clock; prints what each obtained and when it was contained',
  )
  .option('--patients <n>', 'synthetic patients to seed', parseCount, 2000)
  .option('--seed <s>', 'random seed', parseCount, 1)
  .option('--json', 'print the results as JSON')
  .action(async (paths: string[], flags) => (await import('./replay.ts')).replayCommand(paths, flags));

program
  .command('simulate')
  .description(
    "simulate a month of honest work of a seeded group's care staff through the gate and the guard, on a simulated clock; reports false containments and alerts per 1,000 user-days and the share of accesses a care relationship explains",
  )
  .option('--days <n>', 'days to simulate', parseCount, 30)
  .option('--patients <n>', 'synthetic patients to seed', parseCount, 5000)
  .option('--seed <s>', 'random seed', parseCount, 1)
  .option('--json', 'print the report as JSON')
  .action(async (flags) => (await import('./simulate.ts')).simulateCommand(flags));

const demo = serving(program.command('demo'))
  .description('seed a demo group on first start (2,000 patients), then serve it')
  .action(async (flags) => (await import('./demo.ts')).demoCommand(loadSettings(flags)));

demo
  .command('code <username>')
  .description("print a demo account's current TOTP code (demo accounts only: read from the demo credentials file)")
  .addOption(dataOption())
  .option('--accounts <file>', 'demo credentials file (default: DATA/demo-accounts.json)')
  // --data may land on `demo` (before `code`) or on `code`: take both.
  .action(async (username, _flags, command: Command) => {
    const flags = command.optsWithGlobals();
    return (await import('./demo.ts')).demoCodeCommand(username, runtimeConfig(flags), flags.accounts);
  });

const access = program.command('access').description('review access rights: who holds which account, and which are dormant');

access
  .command('review')
  .description(
    'list every account per establishment: role, unit, status, created, last sign-in, current care relationships, break-glass in 90 days, dormant flag',
  )
  .addOption(dataOption())
  .option('--establishment <id>', 'only the accounts of this establishment (its id)', parseId)
  .option('--json', 'print JSON instead of a table')
  .action(async (flags) => (await import('./access.ts')).accessReviewCommand(runtimeConfig(flags), flags));

access
  .command('disable-dormant')
  .description('disable every active account with no sign-in for DAYS days (or none since its creation), revoking its sessions; audited')
  .option('--days <n>', 'days without a sign-in', parsePositive, 90)
  .addOption(dataOption())
  .action(async (flags) => (await import('./access.ts')).disableDormantCommand(runtimeConfig(flags), flags));

const audit = program.command('audit').description('the tamper-evident audit ledger');

audit
  .command('verify')
  .description('recompute the hash chain and the signed checkpoints: exit 0 with the entry count and head hash if intact, 1 and the first bad entry otherwise')
  .addOption(dataOption())
  .option('--checkpoints <file>', 'a checkpoint file exported earlier (vigie audit checkpoints): the ledger must still agree with it')
  .option('--archive <file...>', 'the archive files of the segments moved out (vigie audit archive), in order from the first: verification spans them')
  .action(async (flags) => (await import('./audit.ts')).auditVerifyCommand(runtimeConfig(flags), flags));

audit
  .command('archive')
  .description(
    `move the oldest sealed segment older than the retention period (${MIN_KEEP_DAYS} days at least) to FILE, then out of the database (as the role vigie_archivist)`,
  )
  .requiredOption('--out <file>', 'the archive file to write (it must not exist); keep it as long as the law requires')
  .option('--keep-days <n>', `the retention period in days, ${MIN_KEEP_DAYS} at least`, parsePositive, MIN_KEEP_DAYS)
  .addOption(dataOption())
  .action(async (flags) => (await import('./audit.ts')).auditArchiveCommand(runtimeConfig(flags), flags));

audit
  .command('checkpoints')
  .description('sign the entries not yet covered, then export every signed checkpoint to FILE, a witness to keep outside the database')
  .requiredOption('--out <file>', 'where to write the checkpoints (JSON)')
  .addOption(dataOption())
  .action(async (flags) => (await import('./audit.ts')).auditCheckpointsCommand(runtimeConfig(flags), flags));

audit
  .command('prove')
  .description(
    'print, as JSON, a proof against a signed checkpoint: that entry SEQ is in its tree (--entry), or that one checkpoint extends another (--from, --to)',
  )
  .option('--entry <seq>', 'the entry to prove', (value: string) => String(parseCount(value)))
  .option('--from <size>', 'the earlier checkpoint (its tree size)', parsePositive)
  .option('--to <size>', 'the later checkpoint (its tree size)', parsePositive)
  .addOption(dataOption())
  .action(async (flags) => (await import('./audit.ts')).auditProveCommand(runtimeConfig(flags), flags));

audit
  .command('stream')
  .description('print the ledger as JSON lines of FHIR AuditEvent, oldest first, for a SIEM (embedded database: not beside a running server)')
  .option('--from <seq>', 'the first entry number', (value: string) => String(parseCount(value)))
  .option('--follow', 'keep waiting for new entries')
  .option('--format <format>', 'json (a FHIR AuditEvent a line) or syslog (RFC 5424 lines, facility authpriv, the AuditEvent as message)', 'json')
  .addOption(dataOption())
  .action(async (flags) => (await import('./audit.ts')).auditStreamCommand(runtimeConfig(flags), flags));

const exportCommand = program.command('export').description("governed exports: the recipient's side");

exportCommand
  .command('open <file>')
  .description(
    "open a sealed export file with the passphrase given at its approval, or the receiving system's private key; a file altered or cut short fails (exit 1)",
  )
  .option('--passphrase-file <file>', 'a file holding the passphrase (never on the command line)')
  .option('--key <file>', "the receiving system's private key (PEM), for files sealed to its public key")
  .option('--out <file>', 'where to write the content (it must not exist); standard output otherwise')
  .action(async (file: string, flags) => (await import('./export-open.ts')).exportOpenCommand(file, flags));

exportCommand
  .command('receipt <files...>')
  .description("the receiving system's receipt of an export sealed to its key, as JSON for POST /api/exports/{id}/receipt")
  .requiredOption('--key <file>', "the receiving system's private key (PEM)")
  .action(async (files: string[], flags) => (await import('./export-open.ts')).exportReceiptCommand(files, flags));

program
  .command('attribute <sample>')
  .description(
    'name the export a leaked CSV or NDJSON sample came from (requester, approver, dates) and the chance an innocent export matches as well; exit 2 when none is named',
  )
  .option('--json', 'print the weighing as JSON')
  .addOption(dataOption())
  .action(async (sample: string, flags) => (await import('./attribute.ts')).attributeCommand(runtimeConfig(flags), sample, flags));

const breach = program.command('breach').description('breach response: cases opened from leaked samples');
breach
  .command('open')
  .description(
    'open a breach case from a leaked sample (CSV, JSON, NDJSON or text): rows matched to patients, the likely source, the patients concerned, the 72-hour deadline',
  )
  .requiredOption('--sample <file>', 'the sample as found')
  .option('--aware-at <time>', 'when the establishment became aware of the breach (ISO 8601; default now)')
  .option('--json', 'print the case as JSON')
  .addOption(dataOption())
  .action(async (flags) => (await import('./breach.ts')).breachOpenCommand(runtimeConfig(flags), flags));
breach
  .command('documents <case>')
  .description(
    "write a case's CNIL notification (GDPR art. 33), the regional health agency's report and a letter per patient concerned (art. 34), as PDF and text",
  )
  .requiredOption('--out <dir>', 'the folder to write them into (created, readable by its owner only)')
  .requiredOption('--dpo-contact <text>', 'the data protection officer: name, e-mail, phone')
  .addOption(dataOption())
  .action(async (caseId: string, flags) => (await import('./breach.ts')).breachDocumentsCommand(runtimeConfig(flags), parseId(caseId), flags));

const keys = program.command('keys').description('data keys and the master key');
keys
  .command('rewrap')
  .description('a new master key, then every data key wrapped again under it, while the service runs on; in the ledger')
  .requiredOption('--new-master <file>', 'where to write the new master key (0600; must not exist)')
  .addOption(dataOption())
  .action(async (flags) => (await import('./keys.ts')).keysRewrapCommand(runtimeConfig(flags), flags));
keys
  .command('rotate')
  .description(
    "replace every establishment's data key and the accounts' key, then seal every record and TOTP secret again under them, while the service runs on; in the ledger",
  )
  .addOption(dataOption())
  .action(async (flags) => (await import('./keys.ts')).keysRotateCommand(runtimeConfig(flags)));

function parseId(value: string): string {
  if (!isUuid(value)) throw new Error(`Not an id (UUID): ${value}`);
  return value.toLowerCase();
}

function parsePositive(value: string): number {
  const n = parseCount(value);
  if (n === 0) throw new Error(`Not a positive integer: ${value}`);
  return n;
}

function parseDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new Error(`Not a day (YYYY-MM-DD): ${value}`);
  return value;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Not a non-negative integer: ${value}`);
  return n;
}

try {
  await program.parseAsync();
} catch (error) {
  console.error(`vigie: ${(error as Error).message}`);
  process.exitCode = 1;
}
