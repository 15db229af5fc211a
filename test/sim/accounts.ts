// The fixed identity every simulator instance serves: one user with a personal account and one organization.

export interface Organization {
  id: string;
  name: string;
  account_id: string;
}

export const PERSONAL_ACCOUNT_ID = '5f0c8a1e-4b7d-4c2a-9e3f-1a2b3c4d5e6f';
export const ORGANIZATION: Organization = {
  id: '0b6e2c9d-7f14-4a58-b3c1-9d8e7f6a5b4c',
  name: 'Acme Research',
  account_id: '7c3d9e2f-1a4b-4c6d-8e9f-0a1b2c3d4e5f',
};
/** An account the user does not belong to: `X-Account-Id` with it is answered 403. */
export const FOREIGN_ACCOUNT_ID = '9e8d7c6b-5a49-4382-b716-a5b4c3d2e1f0';

export const DEFAULT_API_KEY = 'sk-sim-test';
