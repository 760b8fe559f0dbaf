export const GATE_CLAIM: unique symbol = Symbol('the gate');
