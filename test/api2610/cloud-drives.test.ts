// seclai cloud-drives: the 2026-10 connection commands against the simulator.
import { describe, expect, it } from 'vitest';
import { expectUsageError, onlyJson, useHarness } from '../foundation/harness.ts';
import { cloudDrives, makeRejection, seedCloudDrive } from '../sim/routes/cloud-drives.ts';

const h = useHarness();
const patches = () => h.sim().requests.filter((r) => r.method === 'PATCH');

describe('cloud-drives', () => {
  it('lists providers and connections, under its alias too, in both list shapes', async () => {
    const drive = seedCloudDrive(h.sim().state, { name: 'Finance' }).drive;
    for (const version of [[], ['--api-version', '2026-07-27']]) {
      const providers = await h.cli([...version, 'cloud-drives', 'providers', '--json']);
      expect(JSON.stringify(onlyJson(providers.stdout))).toContain('google_drive');
      const list = await h.cli([...version, 'cloud-drive', 'ls']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain(drive.id);
      expect(list.stdout).toContain('Finance');
    }
  });

  it('get, agents and rejections (newest first, --limit sent)', async () => {
    const { drive } = seedCloudDrive(h.sim().state, {
      agents: [
        {
          agent_id: 'a-1',
          agent_name: 'Digest',
          trigger_types: ['new_content'],
          via_step: false,
          via_prompt_tool: true,
        },
      ],
      rejections: [
        makeRejection('/Shared/old.exe', 'unsupported type', 60),
        makeRejection('/Shared/big.mov', 'too large', 5),
      ],
    });
    const get = await h.cli(['cloud-drives', 'get', drive.id, '--json']);
    expect(onlyJson(get.stdout)).toMatchObject({ id: drive.id, folder_path: '/Shared' });
    const agents = await h.cli(['cloud-drives', 'agents', drive.id]);
    expect(agents.stdout).toMatch(/^a-1\tDigest\t.*new_content/m);
    const rejections = await h.cli(['cloud-drives', 'rejections', drive.id, '--limit', '1', '--json']);
    expect(onlyJson(rejections.stdout)).toMatchObject([
      { file_path: '/Shared/big.mov', reason: 'too large' },
    ]);
    expect(h.sim().requests.at(-1)?.query).toMatchObject({ limit: '1' });
    expectUsageError(await h.cli(['cloud-drives', 'rejections', drive.id, '--limit', '201']), /--limit/);
  });

  it('update sends only what was given', async () => {
    const { drive } = seedCloudDrive(h.sim().state);
    const renamed = await h.cli(['cloud-drives', 'update', drive.id, '--name', 'Legal', '--json']);
    expect(onlyJson(renamed.stdout)).toMatchObject({ name: 'Legal', folder_path: '/Shared' });
    const moved = await h.cli(['cloud-drives', 'update', drive.id, '--folder-path', '/Shared/Contracts']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(patches().map((r) => r.body)).toEqual([{ name: 'Legal' }, { folder_path: '/Shared/Contracts' }]);
  });

  it('--whole-drive is the only way to send an empty folder path', async () => {
    const { drive } = seedCloudDrive(h.sim().state);
    const result = await h.cli(['cloud-drives', 'update', drive.id, '--whole-drive', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(patches().map((r) => r.body)).toEqual([{ folder_path: '' }]);
    expect(onlyJson(result.stdout)).toMatchObject({ folder_path: null });
  });

  it.each([
    [['--name', ''], /--name must not be empty/],
    [['--name', '  '], /--name must not be empty/],
    [['--folder-path', ''], /--folder-path must not be empty/],
    [['--folder-path', '/A', '--whole-drive'], /--folder-path and --whole-drive/],
    [[], /nothing to change/],
  ])('update %j is a usage error and sends nothing', async (flags, message) => {
    const { drive } = seedCloudDrive(h.sim().state);
    expectUsageError(await h.cli(['cloud-drives', 'update', drive.id, ...flags]), message);
    expect(h.sim().requests).toEqual([]);
  });

  it('disconnect and delete ask first; --yes does them', async () => {
    const { drive } = seedCloudDrive(h.sim().state);
    expectUsageError(await h.cli(['cloud-drives', 'disconnect', drive.id]), /needs --yes/);
    expectUsageError(await h.cli(['cloud-drives', 'delete', drive.id]), /needs --yes/);
    expect(h.sim().requests).toEqual([]);
    const asked = await h.cli(['cloud-drives', 'disconnect', drive.id], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [false],
    });
    expect(asked.prompts[0]).toMatch(/Disconnect cloud drive/);
    expect(h.sim().requests).toEqual([]);
    const off = await h.cli(['cloud-drives', 'disconnect', drive.id, '--yes', '--json']);
    expect(onlyJson(off.stdout)).toMatchObject({ connected: false });
    const gone = await h.cli(['cloud-drives', 'delete', drive.id, '--yes']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(cloudDrives(h.sim().state).has(drive.id)).toBe(false);
  });

  it('a 409 on delete names the agents and sources that use the connection and suggests `agents`', async () => {
    const { drive } = seedCloudDrive(h.sim().state, {
      agents: [
        {
          agent_id: 'a-7',
          agent_name: 'Inbox bot',
          trigger_types: ['new_content'],
          via_step: true,
          via_prompt_tool: false,
        },
      ],
      sources: [{ id: 's-3', name: 'Contracts' }],
    });
    const result = await h.cli(['cloud-drives', 'delete', drive.id, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('agent "Inbox bot" (a-7)');
    expect(result.stderr).toContain('source "Contracts" (s-3)');
    expect(result.stderr).toContain(`seclai cloud-drives agents ${drive.id}`);
    expect(cloudDrives(h.sim().state).has(drive.id)).toBe(true);
  });

  it('a 409 shows server names as text, never as terminal commands', async () => {
    const { drive } = seedCloudDrive(h.sim().state, {
      sources: [{ id: 's-1', name: 'Evil\u001b[2J\u202eName' }],
    });
    const result = await h.cli(['cloud-drives', 'delete', drive.id, '--yes']);
    expect(result.stderr).toContain('source "Evil\\e[2J\\u202eName" (s-1)');
    expect(result.stderr).not.toMatch(/\u001b|\u202e/);
  });

  it('a 409 that names nobody: the agents come from GET /cloud-drives/{id}/agents', async () => {
    const { drive } = seedCloudDrive(h.sim().state, {
      agents: [
        { agent_id: 'a-9', agent_name: 'Watcher', trigger_types: [], via_step: true, via_prompt_tool: false },
      ],
    });
    h.sim().faults.add({
      method: 'DELETE',
      path: '/cloud-drives/{connection_id}',
      status: 409,
      body: { detail: 'In use' },
    });
    const result = await h.cli(['cloud-drives', 'delete', drive.id, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('agent "Watcher" (a-9)');
  });
});
