import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';

const KINDS = [
  'attending',
  'stay',
  'treating-doctor',
  'care-team',
  'referral',
  'lab-order',
  'establishment-stay',
  'establishment',
  'break-glass',
  'identity-lookup',
];

/** The relationship that explains an access, in the reader's language; the ledger's own words on hover. */
export function AccessBasis({ basis }: { basis: { kind: string; reason: string } | undefined }) {
  const { t } = useI18n();
  if (!basis) return <>—</>;
  const words = KINDS.includes(basis.kind) ? t(`basis.${basis.kind}` as MessageKey) : basis.reason;
  return (
    <span className={basis.kind === 'break-glass' || basis.kind === 'identity-lookup' ? 'basis-exception' : 'basis'} title={basis.reason}>
      {words}
    </span>
  );
}
