/**
 * The claim to the login's own rights (SET ROLE NONE): on the embedded database, and on a
 * server whose login owns the tables, those of a superuser or an owner, past every wall.
 * Tests that play the owner and benchmarks that set up a baseline hold it; no module of
 * src/ outside the store imports it (.dependency-cruiser.cjs), and the name 'NONE' alone
 * is refused by the drivers.
 */
export const LOGIN_CLAIM: unique symbol = Symbol('the login');
