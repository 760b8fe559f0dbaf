import { inGate } from '../gate/gate-role.ts';
import { GATE_CLAIM } from '../store/gate-claim.ts';
export const both = [inGate, GATE_CLAIM];
