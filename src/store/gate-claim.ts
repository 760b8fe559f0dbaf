/**
 * The claim to the gate's database role: a transaction asked to work as it
 * (`transaction(work, GATE_CLAIM)`, `switchRole(GATE_CLAIM)`) may touch the patient
 * tables. The role's name alone opens nothing: the drivers take the gate's role only for
 * this symbol, and only src/gate imports it (.dependency-cruiser.cjs).
 */
export const GATE_CLAIM: unique symbol = Symbol('the gate');
