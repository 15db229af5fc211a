export { login } from './login.ts';
export { logout } from './logout.ts';
export { status } from './status.ts';
export { refresh, token } from './token.ts';
