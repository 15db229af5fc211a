// Cloud-drive connections: providers, list, get, update (PATCH), disconnect, delete (409 while in use),
// the agents using a connection and the files it skipped. The lists are bare arrays before 2026-07-27.
import { isoMinutesAgo, isoNow, newId } from '../clock.ts';
import { pageOf } from '../pagination.ts';
import type { Owned } from '../records.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { usesCanonicalLists } from '../versions.ts';

export interface CloudDrive {
  id: string;
  provider: string;
  status: string;
  connected: boolean;
  name: string | null;
  folder_path: string | null;
  created_at: string;
  updated_at: string;
}

export interface CloudDriveAgent {
  agent_id: string;
  agent_name: string;
  trigger_types: string[];
  via_step: boolean;
  via_prompt_tool: boolean;
}

export interface CloudDriveRejection {
  id: string;
  created_at: string;
  reason: string;
  file_path: string | null;
}

/** What the simulator keeps per connection besides the connection itself. */
export interface CloudDriveRecord {
  drive: CloudDrive;
  agents: CloudDriveAgent[];
  /** Sources fed by the connection, by id and name. */
  sources: { id: string; name: string }[];
  rejections: CloudDriveRejection[];
}

const PROVIDERS = [
  {
    key: 'google_drive',
    display_name: 'Google Drive',
    access_levels: [{ key: 'read_only' }],
    scopes: ['https://www.googleapis.com/auth/drive.readonly'],
  },
  {
    key: 'onedrive',
    display_name: 'Microsoft OneDrive',
    access_levels: [{ key: 'read_only' }],
    scopes: ['Files.Read.All', 'offline_access'],
  },
  {
    key: 'dropbox',
    display_name: 'Dropbox',
    access_levels: [{ key: 'read_only' }],
    scopes: ['files.content.read'],
  },
];

export function cloudDrives(state: SimState): Map<string, Owned<CloudDriveRecord>> {
  return state.store<Owned<CloudDriveRecord>>('cloudDrives');
}

/** Adds a connection (connected, watching `/Shared`) with the users and rejections given. */
export function seedCloudDrive(
  state: SimState,
  fields: Partial<CloudDrive> & Partial<Omit<CloudDriveRecord, 'drive'>> = {},
  accountId = state.personalAccountId,
): CloudDriveRecord {
  const { agents = [], sources = [], rejections = [], ...driveFields } = fields;
  const createdAt = isoMinutesAgo(120);
  const record: CloudDriveRecord = {
    drive: {
      id: newId(),
      provider: 'google_drive',
      status: 'active',
      connected: true,
      name: 'Team drive',
      folder_path: '/Shared',
      created_at: createdAt,
      updated_at: createdAt,
      ...driveFields,
    },
    agents,
    sources,
    rejections,
  };
  cloudDrives(state).set(record.drive.id, { accountId, value: record });
  return record;
}

/** A rejection `minutesAgo` minutes old. */
export function makeRejection(filePath: string, reason: string, minutesAgo: number): CloudDriveRejection {
  return { id: newId(), created_at: isoMinutesAgo(minutesAgo), reason, file_path: filePath };
}

export default function registerCloudDriveRoutes(router: Router): void {
  router.add('GET', '/cloud-drives/providers', (req, res) => sendList(req, res, PROVIDERS));
  router.add('GET', '/cloud-drives', (req, res) => {
    const drives = req.state.owned(cloudDrives(req.state), req.account.id).map((record) => record.drive);
    sendList(req, res, drives);
  });
  router.add('GET', '/cloud-drives/{connection_id}', (req, res) => {
    const record = findDrive(req, res);
    if (record) res.json(200, record.drive);
  });
  router.add('PATCH', '/cloud-drives/{connection_id}', (req, res) => {
    const record = findDrive(req, res);
    if (!record) return;
    const body = req.body as { name?: string; folder_path?: string };
    if (body.name !== undefined) record.drive.name = body.name;
    if (body.folder_path !== undefined)
      record.drive.folder_path = body.folder_path === '' ? null : body.folder_path;
    record.drive.updated_at = isoNow();
    res.json(200, record.drive);
  });
  router.add('POST', '/cloud-drives/{connection_id}/disconnect', (req, res) => {
    const record = findDrive(req, res);
    if (!record) return;
    Object.assign(record.drive, { connected: false, status: 'disconnected', updated_at: isoNow() });
    res.json(200, record.drive);
  });
  router.add('DELETE', '/cloud-drives/{connection_id}', (req, res) => {
    const record = findDrive(req, res);
    if (!record) return;
    if (record.agents.length > 0 || record.sources.length > 0) {
      res.detail(409, {
        message: 'Cloud drive connection is in use',
        agents: record.agents.map((agent) => ({ id: agent.agent_id, name: agent.agent_name })),
        sources: record.sources,
      });
      return;
    }
    cloudDrives(req.state).delete(record.drive.id);
    res.noContent();
  });
  router.add('GET', '/cloud-drives/{connection_id}/agents', (req, res) => {
    const record = findDrive(req, res);
    if (record) sendList(req, res, record.agents);
  });
  router.add('GET', '/cloud-drives/{connection_id}/rejections', (req, res) => {
    const record = findDrive(req, res);
    if (!record) return;
    const newest = [...record.rejections].sort((a, b) => b.created_at.localeCompare(a.created_at));
    sendList(req, res, newest.slice(0, (req.query.limit as number) ?? 50));
  });
}

function findDrive(req: SimRequest, res: SimResponse): CloudDriveRecord | undefined {
  const record = req.state.find(cloudDrives(req.state), req.account.id, req.params.connection_id);
  if (!record) res.detail(404, 'Cloud drive connection not found');
  return record;
}

/** A bare array, or one `{data, pagination}` page of everything from 2026-07-27. */
function sendList(req: SimRequest, res: SimResponse, items: readonly unknown[]): void {
  if (!usesCanonicalLists(req.apiVersion)) res.json(200, items);
  else res.json(200, pageOf(items, 1, Math.max(items.length, 1)), {}, { canonicalList: true });
}
