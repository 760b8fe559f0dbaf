import type { Actor } from '../domain/actor.ts';
import { mustBeOfficer } from './alert-review.ts';
import type { Database } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { auditReading } from '../ledger/audit-reading.ts';
import type { LedgerSigner } from '../ledger/signing-key.ts';
import { verifyLedger, type LedgerReport } from '../ledger/verify.ts';

/**
 * What the security console shows of the ledger itself: patients disclosed per hour and
 * per role (the shape of a day, where an exfiltration stands out), the last signed
 * checkpoint, and the result of the last verification run from the console.
 */
export interface HourFigure {
  hour: string;
  role: string;
  patients: number;
}

const DISCLOSURES = ['read', 'search', 'everything', 'break-glass', 'update', 'create', 'export'];

export async function disclosuresPerHour(db: Database, actor: Actor, hours: number): Promise<HourFigure[]> {
  await mustBeOfficer(db, actor, 'read the disclosures per hour');
  return db.transaction(async (tx) => {
    const rows = await tx.rows<{
      hour: Date;
      role: string | null;
      patients: number;
    }>(sql`SELECT date_trunc('hour', occurred_at) AS hour, actor_role AS role, count(DISTINCT patient_id)::int AS patients
       FROM audit_event
       WHERE occurred_at > now() - make_interval(hours => ${hours}) AND outcome = 'allowed' AND action = ANY(${DISCLOSURES}::text[]) AND patient_id IS NOT NULL
       GROUP BY 1, 2 ORDER BY 1, 2`);
    await auditReading(tx, actor, 'allowed', 'security officer: reads the disclosures per hour and role', { detail: { hours } });
    return rows.map((row) => ({ hour: new Date(row.hour).toISOString(), role: row.role ?? 'none', patients: row.patients }));
  });
}

export interface LedgerStatus {
  /** The last entry's number (a count(*) would scan millions of rows). */
  head: number;
  lastCheckpoint: { treeSize: number; signedAt: string; keyId: string; root: string } | null;
  lastVerification: { at: string; intact: boolean; entries: string; head: string; problem: string | null } | null;
}

/** The console's verification: the whole ledger, its roots and signatures, from a worker thread when large. */
export class LedgerWatch {
  private last: LedgerStatus['lastVerification'] = null;

  constructor(
    private readonly db: Database,
    private readonly signer: LedgerSigner,
  ) {}

  async status(actor: Actor): Promise<LedgerStatus> {
    await mustBeOfficer(this.db, actor, 'read the ledger status');
    const head = await this.db.one<{ seq: number | string | null }>(sql`SELECT max(seq) AS seq FROM audit_event`);
    const checkpoint = await this.db.one<{ tree_size: string | number; signed_at: Date; key_id: string; root: Uint8Array }>(
      sql`SELECT tree_size, signed_at, key_id, root FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1`,
    );
    return {
      head: Number(head?.seq ?? 0),
      lastCheckpoint: checkpoint
        ? {
            treeSize: Number(checkpoint.tree_size),
            signedAt: new Date(checkpoint.signed_at).toISOString(),
            keyId: checkpoint.key_id,
            root: Buffer.from(checkpoint.root).toString('hex'),
          }
        : null,
      lastVerification: this.last,
    };
  }

  async verify(actor: Actor): Promise<LedgerStatus> {
    await mustBeOfficer(this.db, actor, 'verify the ledger');
    const report: LedgerReport = await verifyLedger(this.db, { publicKeys: [this.signer.publicKey] });
    this.last = {
      at: new Date().toISOString(),
      intact: report.intact,
      entries: report.entries.toString(),
      head: report.head,
      problem: report.problem ? `entry ${report.problem.seq}: ${report.problem.message}` : null,
    };
    await auditReading(this.db, actor, 'allowed', `security officer: verified the ledger, ${report.intact ? 'intact' : 'NOT intact'}`, {
      detail: { entries: report.entries.toString(), head: report.head, problem: this.last.problem },
    });
    return this.status(actor);
  }
}
