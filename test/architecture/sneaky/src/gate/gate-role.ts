import { GATE_CLAIM } from '../store/gate-claim.ts';
export const inGate = () => GATE_CLAIM;
