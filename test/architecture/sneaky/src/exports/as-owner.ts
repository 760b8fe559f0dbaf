import { LOGIN_CLAIM } from '../store/login-claim.ts';
export const owner = LOGIN_CLAIM;
