import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Stored {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * An in-memory oidc-provider adapter: one store per stand-in server, so parallel test servers
 * never see each other's tokens, and expired entries simply stop being found.
 */
export function memoryAdapterFactory(): (model: string) => Adapter {
  const items = new Map<string, Stored>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();

  const live = (key: string): AdapterPayload | undefined => {
    const item = items.get(key);
    if (!item) return undefined;
    if (item.expiresAt <= Date.now()) {
      items.delete(key);
      return undefined;
    }
    return item.payload;
  };

  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        const expiresAt =
          typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        items.set(key, { payload, expiresAt });
        if (payload.grantId) {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid) byUid.set(payload.uid, id);
        if (payload.userCode) byUserCode.set(payload.userCode, id);
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const id = byUid.get(uid);
        return id === undefined ? undefined : live(keyOf(id));
      },
      async findByUserCode(userCode) {
        const id = byUserCode.get(userCode);
        return id === undefined ? undefined : live(keyOf(id));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        items.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        const members = byGrant.get(grantId);
        if (!members) return;
        for (const key of members) {
          if (key.startsWith(`${model}:`)) {
            items.delete(key);
            members.delete(key);
          }
        }
        if (members.size === 0) byGrant.delete(grantId);
      },
    };
  };
}
