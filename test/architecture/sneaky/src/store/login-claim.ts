export const LOGIN_CLAIM: unique symbol = Symbol('the login');
