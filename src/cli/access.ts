import { disableDormantAccounts, reviewRights, type RightsReview } from '../identity/rights-review.ts';
import { openStore } from '../runtime/open-store.ts';
import type { RuntimeConfig } from './config.ts';

/** `vigie access review`: every account per establishment, for the periodic rights review. */
export async function accessReviewCommand(config: RuntimeConfig, flags: { establishment?: string; json?: boolean }): Promise<void> {
  const store = await openStore(config);
  try {
    const review = await reviewRights(store.db, { establishmentId: flags.establishment });
    console.log(flags.json ? JSON.stringify(review, null, 2) : reviewText(review));
  } finally {
    await store.close();
  }
}

/** `vigie access disable-dormant`: disables, in one transaction, the accounts nobody has used. */
export async function disableDormantCommand(config: RuntimeConfig, flags: { days: number }): Promise<void> {
  const store = await openStore(config);
  try {
    const disabled = await disableDormantAccounts(store.db, { days: flags.days });
    for (const account of disabled) {
      console.log(`disabled ${account.username} (${account.role}): last sign-in ${account.lastLoginAt ?? `never, created ${account.createdAt.slice(0, 10)}`}`);
    }
    console.log(`${disabled.length} dormant account(s) disabled (no sign-in for ${flags.days} days); their sessions are revoked.`);
  } finally {
    await store.close();
  }
}

export function reviewText(review: RightsReview): string {
  const lines = [`Rights review at ${review.generatedAt} (dormant: no sign-in for ${review.dormantDays} days)`];
  for (const establishment of review.establishments) {
    lines.push('', `${establishment.name}${establishment.id ? ` (${establishment.id})` : ''}`);
    const rows = establishment.accounts.map((account) => [
      account.username,
      account.role,
      account.unitName ?? '-',
      account.status,
      account.createdAt.slice(0, 10),
      account.lastLoginAt?.slice(0, 10) ?? 'never',
      String(account.currentCareRelationships),
      String(account.breakGlassLast90Days),
      account.dormant ? 'DORMANT' : '',
    ]);
    lines.push(...table(['account', 'role', 'unit', 'status', 'created', 'last sign-in', 'care rel.', 'break-glass 90d', ''], rows));
  }
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`);
}
