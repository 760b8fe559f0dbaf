import { randomUUID } from 'node:crypto';
import { invalidParameter, notFound, versionConflict } from '../domain/refusals.ts';
import type { Database, Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { administer, auditChange, requireScope } from './admin-common.ts';
import { staffTeamOf, type StaffTeamInput } from './admin-changes.ts';
import type { Actor } from '../domain/actor.ts';

/**
 * Staff teams: who works together in a unit, kept by the user administrator with the
 * accounts. Which patients a team follows is clinical (FHIR CareTeam, written by
 * clinicians through the gate) and stays out of the administrator's reach.
 */
export interface StaffTeam {
  id: string;
  name: string;
  establishmentId: string;
  unitId: string | null;
  status: 'active' | 'disabled';
  members: Array<{ accountId: string; username: string; role: string }>;
}

interface TeamRow {
  id: string;
  name: string;
  establishment_id: string;
  unit_id: string | null;
  status: 'active' | 'disabled';
}

/** Roles that work in care teams; administrators and auditors are in none. */
const MEMBER_ROLES = new Set(['doctor', 'nurse', 'admissions', 'lab']);

export async function listStaffTeams(db: Database, actor: Actor): Promise<StaffTeam[]> {
  return administer(db, actor, 'staff-team', undefined, async (tx) => {
    const rows = await tx.rows<TeamRow>(
      sql`SELECT * FROM staff_team WHERE ${actor.establishmentId ?? null}::uuid IS NULL OR establishment_id = ${actor.establishmentId ?? null} ORDER BY name, id`,
    );
    return Promise.all(rows.map((row) => teamOf(tx, row)));
  });
}

export async function createStaffTeam(db: Database, actor: Actor, input: StaffTeamInput & { name: string; establishmentId: string }): Promise<StaffTeam> {
  return administer(db, actor, 'staff-team', undefined, async (tx) => {
    const team = staffTeamOf(input, true);
    requireScope(actor, team.establishmentId);
    const establishment = await tx.one(sql`SELECT 1 FROM organization WHERE id = ${team.establishmentId} AND level = 'establishment'`);
    if (!establishment) throw invalidParameter('establishmentId: no such establishment', 'establishmentId');
    await checkUnit(tx, team.unitId, team.establishmentId!);
    const id = randomUUID();
    await tx.run(
      sql`INSERT INTO staff_team (id, establishment_id, unit_id, name) VALUES (${id}, ${team.establishmentId}, ${team.unitId ?? null}, ${team.name})`,
    );
    await auditChange(tx, actor, 'staff-team', 'staff team created', id, { ...team });
    return teamOf(tx, await lockTeam(tx, actor, id));
  });
}

export async function changeStaffTeam(db: Database, actor: Actor, id: string, input: StaffTeamInput): Promise<StaffTeam> {
  return administer(db, actor, 'staff-team', id, async (tx) => {
    const change = staffTeamOf(input, false);
    const team = await lockTeam(tx, actor, id);
    if (change.unitId !== undefined) await checkUnit(tx, change.unitId, team.establishment_id);
    await tx.run(
      sql`UPDATE staff_team SET name = coalesce(${change.name ?? null}, name), unit_id = CASE WHEN ${change.unitId !== undefined} THEN ${change.unitId ?? null}::uuid ELSE unit_id END WHERE id = ${id}`,
    );
    await auditChange(tx, actor, 'staff-team', 'staff team changed', id, { before: { name: team.name, unitId: team.unit_id }, change });
    return teamOf(tx, await lockTeam(tx, actor, id));
  });
}

export async function setStaffTeamStatus(db: Database, actor: Actor, id: string, status: 'active' | 'disabled'): Promise<StaffTeam> {
  return administer(db, actor, 'staff-team', id, async (tx) => {
    const team = await lockTeam(tx, actor, id);
    if (team.status === status) throw versionConflict(`The team is already ${status}`);
    await tx.run(sql`UPDATE staff_team SET status = ${status} WHERE id = ${id}`);
    await auditChange(tx, actor, 'staff-team', status === 'active' ? 'staff team re-enabled' : 'staff team disabled', id, { name: team.name });
    return teamOf(tx, { ...team, status });
  });
}

export async function addStaffTeamMember(db: Database, actor: Actor, id: string, input: { accountId: string }): Promise<StaffTeam> {
  return administer(db, actor, 'staff-team', id, async (tx) => {
    const accountId = input.accountId.toLowerCase();
    const team = await lockTeam(tx, actor, id);
    const account = await tx.one<{ role: string; establishment_id: string | null }>(sql`SELECT role, establishment_id FROM account WHERE id = ${accountId}`);
    if (!account) throw invalidParameter('accountId: no such account', 'accountId');
    if (!MEMBER_ROLES.has(account.role)) throw invalidParameter(`role ${account.role} is in no care team`, 'accountId');
    if (account.establishment_id !== team.establishment_id)
      throw invalidParameter("accountId: the account belongs to another establishment than the team's", 'accountId');
    const added = await tx.rows(sql`INSERT INTO staff_team_member (team_id, account_id) VALUES (${id}, ${accountId}) ON CONFLICT DO NOTHING RETURNING 1`);
    if (added.length === 0) throw versionConflict('The account is already in the team');
    await auditChange(tx, actor, 'staff-team', 'member added', id, { accountId });
    return teamOf(tx, team);
  });
}

export async function removeStaffTeamMember(db: Database, actor: Actor, id: string, accountId: string): Promise<StaffTeam> {
  return administer(db, actor, 'staff-team', id, async (tx) => {
    const team = await lockTeam(tx, actor, id);
    const removed = await tx.rows(sql`DELETE FROM staff_team_member WHERE team_id = ${id} AND account_id = ${accountId} RETURNING 1`);
    if (removed.length === 0) throw notFound('Team member');
    await auditChange(tx, actor, 'staff-team', 'member removed', id, { accountId });
    return teamOf(tx, team);
  });
}

async function lockTeam(tx: Sql, actor: Actor, id: string): Promise<TeamRow> {
  const team = await tx.one<TeamRow>(sql`SELECT * FROM staff_team WHERE id = ${id} FOR UPDATE`);
  if (!team) throw notFound('Staff team');
  requireScope(actor, team.establishment_id);
  return team;
}

async function checkUnit(tx: Sql, unitId: string | null | undefined, establishmentId: string): Promise<void> {
  if (!unitId) return;
  const unit = await tx.one(sql`SELECT 1 FROM organization WHERE id = ${unitId} AND level = 'unit' AND establishment_id = ${establishmentId}`);
  if (!unit) throw invalidParameter("unitId: no such unit in the team's establishment", 'unitId');
}

async function teamOf(tx: Sql, row: TeamRow): Promise<StaffTeam> {
  const members = await tx.rows<{ account_id: string; username: string; role: string }>(
    sql`SELECT m.account_id, a.username, a.role FROM staff_team_member m JOIN account a ON a.id = m.account_id WHERE m.team_id = ${row.id} ORDER BY a.username`,
  );
  return {
    id: row.id,
    name: row.name,
    establishmentId: row.establishment_id,
    unitId: row.unit_id,
    status: row.status,
    members: members.map((member) => ({ accountId: member.account_id, username: member.username, role: member.role })),
  };
}
