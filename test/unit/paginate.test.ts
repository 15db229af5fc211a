import { describe, expect, it } from 'vitest';
import type { ApiClient, Query, RequestOptions } from '../../src/http/client.ts';
import { fetchAllItems, listItems, nextQuery, plannedQueries } from '../../src/http/paginate.ts';

const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `a${from + i}` }));

describe('listItems', () => {
  it('finds the items in every list shape the API uses', () => {
    expect(listItems({ data: items(2), pagination: { page: 1 } })).toEqual(items(2));
    expect(listItems(items(3))).toEqual(items(3));
    expect(listItems({ data: items(1), total: 1, page: 1, limit: 20 })).toEqual(items(1));
    expect(listItems({ configs: items(2), total: 2 })).toEqual(items(2));
    expect(listItems({ alerts: items(2), total: 9, limit: 2, offset: 0 })).toEqual(items(2));
  });

  it('gives up on documents that are not lists', () => {
    expect(listItems({ id: 'x', name: 'one object' })).toBeUndefined();
    expect(listItems({ a: [], b: [] })).toBeUndefined();
    expect(listItems(null)).toBeUndefined();
    expect(listItems('text')).toBeUndefined();
  });
});

describe('nextQuery, page mode', () => {
  it('{data, pagination}: follows has_next', () => {
    const doc = { data: items(2), pagination: { page: 1, limit: 2, total: 5, pages: 3, has_next: true } };
    expect(nextQuery(doc, { page: 1, limit: 2 }, 'page')).toEqual({ page: 2, limit: 2 });
    const last = { data: items(1), pagination: { page: 3, limit: 2, total: 5, pages: 3, has_next: false } };
    expect(nextQuery(last, { page: 3, limit: 2 }, 'page')).toBeUndefined();
  });

  it('{data, pagination} without has_next: compares the page with pages', () => {
    const doc = { data: items(2), pagination: { page: 2, limit: 2, pages: 3 } };
    expect(nextQuery(doc, { page: 2, limit: 2 }, 'page')).toEqual({ page: 3, limit: 2 });
    expect(
      nextQuery({ ...doc, pagination: { page: 3, limit: 2, pages: 3 } }, { page: 3, limit: 2 }, 'page'),
    ).toBe(undefined);
  });

  it('{data, total, page, limit}: stops when page × limit reaches total', () => {
    expect(nextQuery({ data: items(2), total: 5, page: 1, limit: 2 }, { limit: 2 }, 'page')).toEqual({
      limit: 2,
      page: 2,
    });
    expect(nextQuery({ data: items(1), total: 5, page: 3, limit: 2 }, { page: 3, limit: 2 }, 'page')).toBe(
      undefined,
    );
  });

  it('{configs, total}: uses total with the requested limit', () => {
    expect(nextQuery({ configs: items(2), total: 3 }, { page: 1, limit: 2 }, 'page')).toEqual({
      page: 2,
      limit: 2,
    });
    expect(nextQuery({ configs: items(1), total: 3 }, { page: 2, limit: 2 }, 'page')).toBeUndefined();
  });

  it('a bare array: a full page means there may be more, a short one is the end', () => {
    expect(nextQuery(items(2), { page: 1, limit: 2 }, 'page')).toEqual({ page: 2, limit: 2 });
    expect(nextQuery(items(1), { page: 2, limit: 2 }, 'page')).toBeUndefined();
  });

  it('a bare array without any limit is one page (nothing says it was cut)', () => {
    expect(nextQuery(items(5), {}, 'page')).toBeUndefined();
  });

  it('an empty page is the end', () => {
    expect(nextQuery({ data: [], pagination: { has_next: true } }, { page: 4 }, 'page')).toBeUndefined();
    expect(nextQuery([], { page: 2, limit: 2 }, 'page')).toBeUndefined();
  });
});

describe('nextQuery, offset mode', () => {
  it('limit + offset with total: moves the offset by the items received', () => {
    expect(nextQuery({ alerts: items(2), total: 5 }, { limit: 2, offset: 0 }, 'offset')).toEqual({
      limit: 2,
      offset: 2,
    });
    expect(nextQuery({ alerts: items(1), total: 5 }, { limit: 2, offset: 4 }, 'offset')).toBeUndefined();
  });

  it('total inside pagination', () => {
    const doc = { data: items(2), pagination: { total: 3, limit: 2 } };
    expect(nextQuery(doc, { limit: 2 }, 'offset')).toEqual({ limit: 2, offset: 2 });
  });

  it('no total: a full page means more, a short page is the end', () => {
    expect(nextQuery(items(2), { limit: 2, offset: 2 }, 'offset')).toEqual({ limit: 2, offset: 4 });
    expect(nextQuery(items(1), { limit: 2, offset: 4 }, 'offset')).toBeUndefined();
  });
});

describe('fetchAllItems', () => {
  /** A client that serves `all` in pages of the requested size, in the given shape. */
  function fakeClient(all: { id: string }[], shape: (page: { id: string }[], q: Query) => unknown) {
    const queries: Query[] = [];
    const client = {
      async request(opts: RequestOptions) {
        const q = opts.query ?? {};
        queries.push(q);
        const limit = Number(q.limit ?? 20);
        const start = q.offset !== undefined ? Number(q.offset) : (Number(q.page ?? 1) - 1) * limit;
        return { status: 200, headers: {}, data: shape(all.slice(start, start + limit), q) };
      },
    } as unknown as ApiClient;
    return { client, queries };
  }

  it('walks {data, pagination} pages to the end', async () => {
    const all = items(5);
    const { client, queries } = fakeClient(all, (page, q) => {
      const pageNo = Number(q.page);
      return { data: page, pagination: { page: pageNo, limit: 2, total: 5, pages: 3, has_next: pageNo < 3 } };
    });
    const got = await fetchAllItems(
      client,
      { method: 'GET', path: '/x', query: { page: 1, limit: 2 } },
      'page',
    );
    expect(got).toEqual(all);
    expect(queries.map((q) => q.page)).toEqual([1, 2, 3]);
  });

  it('walks a bare array until a short page', async () => {
    const all = items(4);
    const { client, queries } = fakeClient(all, (page) => page);
    const got = await fetchAllItems(
      client,
      { method: 'GET', path: '/x', query: { page: 1, limit: 2 } },
      'page',
    );
    expect(got).toEqual(all);
    expect(queries).toHaveLength(3);
  });

  it('walks {items, total} by offset', async () => {
    const all = items(5);
    const { client } = fakeClient(all, (page) => ({ items: page, total: 5 }));
    const got = await fetchAllItems(client, { method: 'GET', path: '/x', query: { limit: 2 } }, 'offset');
    expect(got).toEqual(all);
  });

  it('fails on a first answer that is not a list, or is empty', async () => {
    const { client, queries } = fakeClient([], () => ({ id: 'not a list' }));
    await expect(fetchAllItems(client, { method: 'GET', path: '/x' }, 'page')).rejects.toThrow(
      'the API answered GET /x with something that is not a list',
    );
    expect(queries).toHaveLength(1);
    const empty = fakeClient([], () => undefined);
    await expect(fetchAllItems(empty.client, { method: 'GET', path: '/x' }, 'page')).rejects.toThrow(
      'the API answered GET /x with an empty body',
    );
  });

  it('an endpoint that ignores paging and always returns the same bare array is fetched once', async () => {
    const { client, queries } = fakeClient([], () => items(3));
    expect(await fetchAllItems(client, { method: 'GET', path: '/x' }, 'page')).toEqual(items(3));
    expect(queries).toHaveLength(1);
  });
});

describe('fetchAllItems against an endpoint that ignores the paging parameters', () => {
  it('stops when a page repeats the one before instead of looping to the page cap', async () => {
    let calls = 0;
    const client = {
      async request() {
        calls++;
        return { status: 200, headers: {}, data: items(3) };
      },
    } as unknown as ApiClient;
    const got = await fetchAllItems(
      client,
      { method: 'GET', path: '/x', query: { page: 1, limit: 2 } },
      'page',
    );
    expect(got).toEqual(items(3));
    expect(calls).toBe(2);
  });
});

describe('fetchAllItems against a server that always claims another page', () => {
  const request: RequestOptions = { method: 'GET', path: '/x', query: { page: 1, limit: 2 } };

  it('stops at 10,000 pages and fails saying the listing was cut short', async () => {
    let calls = 0;
    const client = {
      async request(opts: RequestOptions) {
        calls++;
        const page = Number(opts.query?.page);
        return {
          status: 200,
          headers: {},
          data: { data: items(2, page * 2), pagination: { has_next: true } },
        };
      },
    } as unknown as ApiClient;
    await expect(fetchAllItems(client, request, 'page')).rejects.toMatchObject({
      exitCode: 1,
      message: 'listing cut short after 10000 pages: the API still claimed more after 10000 pages',
    });
    expect(calls).toBe(10_000);
  });

  it('fails when a page claimed as more repeats items already listed', async () => {
    const client = {
      async request() {
        return { status: 200, headers: {}, data: { data: items(2), pagination: { has_next: true } } };
      },
    } as unknown as ApiClient;
    await expect(fetchAllItems(client, request, 'page')).rejects.toThrow(
      'listing cut short after 1 page: page 2 repeated items already listed',
    );
  });

  it('fails when has_next points past pagination.pages', async () => {
    const client = {
      async request(opts: RequestOptions) {
        const page = Number(opts.query?.page);
        return {
          status: 200,
          headers: {},
          data: { data: items(2, page * 2), pagination: { page, pages: 2, has_next: true } },
        };
      },
    } as unknown as ApiClient;
    await expect(fetchAllItems(client, request, 'page')).rejects.toThrow(
      'listing cut short after 2 pages: the API claimed a page past its last one (2)',
    );
  });

  it('keeps items that shifted onto the next page once', async () => {
    const pages = [items(2, 0), [items(1, 1)[0], ...items(1, 2)], items(1, 3)];
    const client = {
      async request(opts: RequestOptions) {
        return { status: 200, headers: {}, data: pages[Number(opts.query?.page) - 1] };
      },
    } as unknown as ApiClient;
    expect(await fetchAllItems(client, request, 'page')).toEqual(items(4));
  });
});

describe('plannedQueries: the pages fetched concurrently after the first', () => {
  it('page mode: every page up to pagination.pages, or up to total / limit', () => {
    const doc = { data: items(2), pagination: { page: 1, limit: 2, total: 5, pages: 3, has_next: true } };
    expect(plannedQueries(doc, { page: 1, limit: 2 }, 'page')).toEqual([
      { page: 2, limit: 2 },
      { page: 3, limit: 2 },
    ]);
    expect(plannedQueries({ data: items(2), total: 5, page: 1, limit: 2 }, { limit: 2 }, 'page')).toEqual([
      { limit: 2, page: 2 },
      { limit: 2, page: 3 },
    ]);
  });

  it('none when the first page states no total: a bare array, or has_next alone', () => {
    expect(plannedQueries(items(2), { page: 1, limit: 2 }, 'page')).toEqual([]);
    expect(plannedQueries({ data: items(2), pagination: { has_next: true } }, { page: 1 }, 'page')).toEqual(
      [],
    );
    expect(plannedQueries({ items: items(2) }, { limit: 2 }, 'offset')).toEqual([]);
  });

  it('offset mode: steps by the size of the first page, which may be less than the limit asked', () => {
    expect(plannedQueries({ alerts: items(3), total: 10 }, { limit: 5, offset: 0 }, 'offset')).toEqual([
      { limit: 5, offset: 3 },
      { limit: 5, offset: 6 },
      { limit: 5, offset: 9 },
    ]);
  });

  it('never more than maxPages', () => {
    const doc = { data: items(1), pagination: { page: 1, pages: 1_000_000_000 } };
    expect(plannedQueries(doc, { page: 1, limit: 1 }, 'page', 10)).toHaveLength(10);
  });
});

describe('fetchAllItems, concurrent', () => {
  it('a server that claims more than 10,000 pages fails at once, before fetching them', async () => {
    let requests = 0;
    const client = {
      async request() {
        requests++;
        return { status: 200, headers: {}, data: { data: items(1), pagination: { page: 1, pages: 20_000 } } };
      },
    } as unknown as ApiClient;
    await expect(
      fetchAllItems(client, { method: 'GET', path: '/x', query: { page: 1 } }, 'page'),
    ).rejects.toThrow('listing cut short after 1 page: the API claimed more than 10000 pages');
    expect(requests).toBe(1);
  });

  it('a page shorter than the first ends the plan: the walk goes on from its end, without gaps', async () => {
    const all = items(10);
    const client = {
      async request(opts: RequestOptions) {
        const offset = Number(opts.query?.offset ?? 0);
        // Three items per page at first, then two from offset 3 on: the planned offsets miss items.
        const size = offset < 3 ? 3 : 2;
        return { status: 200, headers: {}, data: { items: all.slice(offset, offset + size), total: 10 } };
      },
    } as unknown as ApiClient;
    expect(await fetchAllItems(client, { method: 'GET', path: '/x', query: { limit: 3 } }, 'offset')).toEqual(
      all,
    );
  });
});
