// Dated API versions (`Seclai-Version`) as the contract lists them.
import type { Contract } from './contract.ts';

/** From this version on, every list answers the canonical `{data, pagination}` envelope. */
export const CANONICAL_LISTS_VERSION = '2026-07-27';

export interface VersionInfo {
  default: string;
  latest: string;
  known: string[];
}

export function versionInfo(contract: Contract | null): VersionInfo {
  const declared = contract?.document['x-seclai-versions'];
  const known = declared?.known ?? ['2026-07-01', CANONICAL_LISTS_VERSION];
  return {
    default: declared?.default ?? known[0],
    latest: declared?.latest ?? known[known.length - 1],
    known,
  };
}

export function usesCanonicalLists(apiVersion: string): boolean {
  return apiVersion >= CANONICAL_LISTS_VERSION;
}
