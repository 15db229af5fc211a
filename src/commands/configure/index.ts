export { listConfig } from './list.ts';
export { configureSso } from './sso.ts';
