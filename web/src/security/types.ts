/** The security routes' answers (src/guard/alert-review.ts, src/guard/console-figures.ts). */
export interface AlertView {
  id: string;
  accountId: string | null;
  username: string | null;
  role: string | null;
  accountStatus: string | null;
  detector: string;
  severity: 'high' | 'medium' | 'low';
  explanation: string;
  evidence: Record<string, unknown>;
  contained: boolean;
  raisedAt: string;
}

export interface HourFigure {
  hour: string;
  role: string;
  patients: number;
}

export interface LedgerStatus {
  head: number;
  lastCheckpoint: { treeSize: number; signedAt: string; keyId: string; root: string } | null;
  lastVerification: { at: string; intact: boolean; entries: string; head: string; problem: string | null } | null;
}
