// The resource engine: a resource family is one row (paths, id parameter, which verbs it serves), an odd
// operation is one action row; both become routes whose answers are stored records shaped by the contract.
import { isoNow, newId } from './clock.ts';
import { conform, isRecord, listItems, successOf } from './conform.ts';
import { newestFirst, offsetPageOf, type Page, pageOf } from './pagination.ts';
import type { Owned } from './records.ts';
import type { HttpMethod, Router, SimRequest, SimResponse } from './router.ts';
import type { SimState } from './state.ts';
import { usesCanonicalLists } from './versions.ts';

export type Fields = Record<string, unknown>;
export type RecordStore = Map<string, Owned<Fields>>;

export interface Family {
  /** Also the store name: `state.store('resource:<name>')` unless `store` says otherwise. */
  name: string;
  /** Template of list and create, e.g. `/knowledge_bases`. */
  collection: string;
  /** Template of get, update and delete, e.g. `/knowledge_bases/{knowledge_base_id}`. */
  item: string;
  idParam: string;
  /** The `detail` of a 404. */
  notFound: string;
  verbs: readonly ('list' | 'create' | 'get' | 'update' | 'delete')[];
  /** Method of update (default PUT). */
  updateMethod?: 'PUT' | 'PATCH';
  /** A family nested under another's item path: records keep the parent id in `param`'s field. */
  parent?: { family: string; param: string };
  /** Records kept in a typed map of the state (agents, alert configs, ...). */
  store?: (state: SimState) => RecordStore;
  /** Fields a created record starts with, before the request body. */
  defaults?: (req: SimRequest) => Fields;
  /** Fields derived at answer time (names of linked records, counts, ...). */
  expand?: (record: Fields, state: SimState, accountId: string) => Fields;
}

export interface Action {
  operation: `${HttpMethod} /${string}`;
  /** The path's id parameter names a record of this family (404 when the caller has none). */
  family?: string;
  /** Changes the action makes to that record. */
  apply?: (record: Fields, req: SimRequest) => Fields;
  /** `item`: answer the (changed) record; `sample` (default): a contract sample echoing path ids and body. */
  answer?: 'item' | 'sample';
  /** Builds the answer's value from the record (e.g. `{alert: record}`), before shaping. */
  wrap?: (record: Fields, req: SimRequest) => unknown;
  /** The answer is a list of these records (none when omitted): `{data, pagination}` from 2026-07-27 on. */
  list?: (req: SimRequest, engine: ResourceEngine) => Fields[];
  /** Behaviour no row can say; runs after the family's record was found. */
  handler?: (req: SimRequest, res: SimResponse, engine: ResourceEngine, record?: Fields) => void;
}

/** Query parameters that shape a list rather than name a field to filter on. */
const PAGING_QUERY = new Set(['page', 'limit', 'offset', 'sort', 'order', 'search']);

export class ResourceEngine {
  readonly #families = new Map<string, Family>();

  constructor(families: readonly Family[]) {
    for (const family of families) this.#families.set(family.name, family);
  }

  family(name: string): Family {
    const family = this.#families.get(name);
    if (!family) throw new Error(`seclai simulator: no resource family ${name}`);
    return family;
  }

  store(state: SimState, name: string): RecordStore {
    const family = this.family(name);
    return family.store?.(state) ?? state.store<Owned<Fields>>(`resource:${name}`);
  }

  /** Adds a record (seeds and creates): an id and timestamps unless given. */
  add(state: SimState, name: string, fields: Fields, accountId = state.personalAccountId): Fields {
    const now = isoNow();
    const record: Fields = { id: newId(), created_at: now, updated_at: now, ...fields };
    this.store(state, name).set(record.id as string, { accountId, value: record });
    return record;
  }

  /** The caller's records of a family, newest first. */
  owned(state: SimState, name: string, accountId: string): Fields[] {
    return newestFirst(
      state.owned(this.store(state, name), accountId) as (Fields & { created_at: string })[],
    );
  }

  register(router: Router, actions: readonly Action[]): void {
    for (const family of this.#families.values()) this.#registerFamily(router, family);
    for (const action of actions) {
      const [method, template] = action.operation.split(' ') as [HttpMethod, string];
      router.add(method, template, (req, res) => this.#act(action, req, res));
    }
  }

  #registerFamily(router: Router, family: Family): void {
    const { verbs } = family;
    if (verbs.includes('list'))
      router.add('GET', family.collection, (req, res) => this.#list(family, req, res));
    if (verbs.includes('create'))
      router.add('POST', family.collection, (req, res) => this.#create(family, req, res));
    if (verbs.includes('get'))
      router.add('GET', family.item, (req, res) => {
        const record = this.find(family, req, res);
        if (record) this.answer(req, res, this.#expanded(family, req, record));
      });
    if (verbs.includes('update'))
      router.add(family.updateMethod ?? 'PUT', family.item, (req, res) => {
        const record = this.find(family, req, res);
        if (!record) return;
        Object.assign(record, presentFields(req.body), { updated_at: isoNow() });
        this.answer(req, res, this.#expanded(family, req, record));
      });
    if (verbs.includes('delete'))
      router.add('DELETE', family.item, (req, res) => {
        const record = this.find(family, req, res);
        if (!record) return;
        this.store(req.state, family.name).delete(record.id as string);
        this.answer(req, res, record);
      });
  }

  /** The record named by the family's id parameter (under its parent), or undefined after answering 404. */
  find(family: Family, req: SimRequest, res: SimResponse): Fields | undefined {
    const nested = family.parent && req.params[family.parent.param] !== undefined;
    if (nested && !this.#parentExists(family, req, res)) return undefined;
    const record = req.state.find(
      this.store(req.state, family.name),
      req.account.id,
      req.params[family.idParam],
    );
    const parentField = family.parent?.param;
    if (!record || (nested && parentField && record[parentField] !== req.params[parentField])) {
      res.detail(404, family.notFound);
      return undefined;
    }
    return record;
  }

  /** Answers `value` shaped by the operation's success schema (or 204). */
  answer(req: SimRequest, res: SimResponse, value: unknown): void {
    const operation = req.state.contract?.operations.get(`${req.method} ${req.template}`);
    if (!req.state.contract || !operation) {
      // Without a contract there is no declared status or shape: the stored record as it is.
      if (req.method === 'DELETE') res.noContent();
      else res.json(200, value);
      return;
    }
    const { status, located } = successOf(operation);
    if (status === 204) res.noContent();
    else res.json(status, located ? conform(req.state.contract, located, value) : value);
  }

  #parentExists(family: Family, req: SimRequest, res: SimResponse): boolean {
    const parent = this.family(family.parent!.family);
    const record = req.state.find(
      this.store(req.state, parent.name),
      req.account.id,
      req.params[family.parent!.param],
    );
    if (!record) res.detail(404, parent.notFound);
    return Boolean(record);
  }

  #expanded(family: Family, req: SimRequest, record: Fields): Fields {
    const ids = family.idParam in record ? {} : { [family.idParam]: record.id };
    return { ...ids, ...record, ...family.expand?.(record, req.state, req.account.id) };
  }

  #create(family: Family, req: SimRequest, res: SimResponse): void {
    if (family.parent && !this.#parentExists(family, req, res)) return;
    const parentField = family.parent ? { [family.parent.param]: req.params[family.parent.param] } : {};
    const record = this.add(
      req.state,
      family.name,
      { ...family.defaults?.(req), ...presentFields(req.body), ...parentField },
      req.account.id,
    );
    this.answer(req, res, this.#expanded(family, req, record));
  }

  #list(family: Family, req: SimRequest, res: SimResponse): void {
    if (family.parent && !this.#parentExists(family, req, res)) return;
    const sent = Object.keys(req.record.query).filter((name) => !PAGING_QUERY.has(name));
    const parentField = family.parent?.param;
    const records = this.owned(req.state, family.name, req.account.id)
      .filter((record) => !parentField || record[parentField] === req.params[parentField])
      .filter((record) =>
        sent.every((name) => !(name in record) || String(record[name]) === String(req.query[name])),
      )
      .filter((record) => typeof req.query.search !== 'string' || matches(record, req.query.search))
      .map((record) => this.#expanded(family, req, record));
    sendListAnswer(req, res, sorted(records, req.query.sort, req.query.order));
  }

  #act(action: Action, req: SimRequest, res: SimResponse): void {
    let record: Fields | undefined;
    if (action.family) {
      record = this.find(this.family(action.family), req, res);
      if (!record) return;
      if (action.apply) Object.assign(record, action.apply(record, req), { updated_at: isoNow() });
    }
    if (action.handler) {
      action.handler(req, res, this, record);
      return;
    }
    if (action.list) {
      sendListAnswer(req, res, action.list(req, this));
      return;
    }
    if (record && action.answer === 'item') {
      const family = this.family(action.family!);
      const expanded = this.#expanded(family, req, record);
      this.answer(req, res, action.wrap ? action.wrap(expanded, req) : expanded);
      return;
    }
    this.answer(req, res, { ...req.params, ...(isRecord(req.body) ? req.body : {}) });
  }
}

/** A list answer: `{data, pagination}` from 2026-07-27 on, else the shape the operation's schema declares. */
export function sendListAnswer(req: SimRequest, res: SimResponse, records: readonly Fields[]): void {
  const contract = req.state.contract;
  const operation = contract?.operations.get(`${req.method} ${req.template}`);
  const declares = (name: string) =>
    operation?.parameters.some((parameter) => parameter.name === name) ?? false;
  const limit = numberOr(
    req.query.limit,
    declares('limit') ? (declares('offset') ? 50 : 20) : Math.max(records.length, 1),
  );
  const page: Page<Fields> = declares('offset')
    ? offsetPageOf(records, numberOr(req.query.offset, 0), limit)
    : pageOf(records, numberOr(req.query.page, 1), limit);
  const located = operation && successOf(operation).located;
  const list = contract && located ? listItems(contract, located) : undefined;
  const data =
    contract && list ? page.data.map((record) => conform(contract, list.items, record)) : page.data;
  if (!contract || !located || !list || usesCanonicalLists(req.apiVersion)) {
    res.json(200, { data, pagination: page.pagination }, {}, { canonicalList: true });
    return;
  }
  if (!list.property) {
    res.json(200, data);
    return;
  }
  const { pagination } = page;
  const counters: Fields = { ...pagination, offset: numberOr(req.query.offset, 0), pagination };
  res.json(200, conform(contract, located, { ...counters, [list.property]: data }));
}

/** `search`: a case-insensitive match in the name or description. */
function matches(record: Fields, search: string): boolean {
  return `${record.name ?? ''} ${record.description ?? ''}`.toLowerCase().includes(search.toLowerCase());
}

/** Ordered by the `sort` field (`order` asc or desc, default desc); newest first without one. */
function sorted(records: Fields[], sort: unknown, order: unknown): Fields[] {
  if (typeof sort !== 'string' || !records.some((record) => sort in record)) return records;
  const direction = order === 'asc' ? 1 : -1;
  const key = (record: Fields) => record[sort];
  return [...records].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const compared =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return compared * direction;
  });
}

/** Body fields with a value: `null` leaves a stored field as it is. */
function presentFields(body: unknown): Fields {
  if (!isRecord(body)) return {};
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== undefined && value !== null),
  );
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
