import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { uploadAgentInputs } from '../../src/commands/uploads/agent-input.ts';
import { Session } from '../../src/session.ts';
import { resolveSettings } from '../../src/settings.ts';
import { useSimulator } from '../helpers/sim.ts';
import { configureInputUploads, setAttachmentRefs, storedInputUploads } from '../sim/routes/input-uploads.ts';
import { hastyClock, randomBytesOf, sha256, useWorkspace } from './harness.ts';

describe('agent inputs', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);
  const agent = () => sim().state.createAgent({ name: 'Transcriber' });
  const statusPolls = () => sim().requests.filter((r) => r.operation?.endsWith('/input-uploads/{upload_id}'));

  it('upload-input stages a document, ready at once: one request, the record printed', async () => {
    const { id } = agent();
    const bytes = ws().write('invoice.pdf', randomBytesOf(40_000));
    const result = await ws().run(['agents', 'upload-input', id, 'invoice.pdf', '--json']);
    expect(result.code).toBe(0);
    const upload = JSON.parse(result.stdout);
    expect(upload).toMatchObject({
      status: 'ready',
      filename: 'invoice.pdf',
      content_type: 'application/pdf',
      file_size: 40_000,
    });
    expect(storedInputUploads(sim().state).get(upload.id)?.sha256).toBe(sha256(bytes));
    expect(sim().requests).toHaveLength(1);
  });

  it('polls an audio upload until it is ready', async () => {
    const { id } = agent();
    ws().write('call.mp3', randomBytesOf(10_000));
    configureInputUploads(sim().state, { pollsUntilReady: 3 });
    const result = await ws().run(['agents', 'upload-input', id, 'call.mp3', '--json'], {
      clock: hastyClock,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('ready');
    expect(statusPolls()).toHaveLength(4);
    expect(result.stderr).toContain('Waiting for call.mp3 to be processed (transcription)');
  });

  it('--no-wait returns the processing upload at once', async () => {
    const { id } = agent();
    ws().write('clip.mov', randomBytesOf(1000));
    const result = await ws().run(['agents', 'upload-input', id, 'clip.mov', '--no-wait', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'processing',
      content_type: 'video/quicktime',
    });
    expect(statusPolls()).toHaveLength(0);
  });

  it('a failed transcription exits 1 with the reason', async () => {
    const { id } = agent();
    ws().write('silence.wav', randomBytesOf(1000));
    configureInputUploads(sim().state, { pollsUntilReady: 1, failMedia: true });
    const result = await ws().run(['agents', 'upload-input', id, 'silence.wav'], { clock: hastyClock });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /silence\.wav \(upload [0-9a-f-]+\) failed to process: Transcription failed/,
    );
  });

  it('an agent that takes no files: exit 1 with a hint to check attachment-references', async () => {
    const { id } = agent();
    setAttachmentRefs(sim().state, id, { requires_uploads: false });
    ws().write('a.txt', 'x');
    const result = await ws().run(['agents', 'upload-input', id, 'a.txt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('agent_does_not_accept_uploads');
    expect(result.stderr).toContain(
      `hint: this agent's definition references no attachments; see: seclai agents attachment-references ${id}`,
    );
  });

  it('pre-checks the file before any request', async () => {
    const { id } = agent();
    const result = await ws().run(['agents', 'upload-input', id, 'missing.pdf']);
    expect(result.code).toBe(2);
    expect(sim().requests).toHaveLength(0);
  });

  it('attachment-references and input-status show what the API says', async () => {
    const { id } = agent();
    setAttachmentRefs(sim().state, id, {
      requires_uploads: true,
      agent: { exact_names: ['invoice.pdf'], indexes_max: null, kinds: ['file'], patterns: ['*.pdf'] },
    });
    const refs = await ws().run(['agents', 'attachment-references', id, '--json']);
    expect(JSON.parse(refs.stdout).agent.exact_names).toEqual(['invoice.pdf']);
    ws().write('call.mp3', randomBytesOf(100));
    const staged = JSON.parse(
      (await ws().run(['agents', 'upload-input', id, 'call.mp3', '--no-wait', '--json'])).stdout,
    );
    const status = await ws().run(['agents', 'input-status', id, staged.id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: staged.id, status: 'processing' });
  });

  it('uploadAgentInputs stages several files and returns their ids once all are ready', async () => {
    const { id } = agent();
    ws().write('a.pdf', randomBytesOf(100, 1));
    ws().write('b.mp3', randomBytesOf(100, 2));
    ws().write('c.txt', 'c');
    configureInputUploads(sim().state, { pollsUntilReady: 2 });
    const ctx = {
      io: {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: nullStream(),
        isStdinTTY: false,
        isStdoutTTY: false,
        isStderrTTY: false,
      },
      env: { SECLAI_API_URL: sim().url, SECLAI_API_KEY: sim().apiKey, HOME: ws().home },
      cwd: ws().dir,
      homeDir: ws().home,
      clock: hastyClock,
      prompter: undefined as never,
      openBrowser: async () => {},
      onInterrupt: () => () => {},
    };
    const session = new Session(ctx, resolveSettings({}, ctx));
    const phases: string[] = [];
    try {
      const ids = await uploadAgentInputs(session, id, ['a.pdf', 'b.mp3', 'c.txt'], {
        onProgress: (p) => phases.push(`${p.path}:${p.phase}`),
      });
      const stored = storedInputUploads(sim().state);
      expect(ids.map((uploadId) => stored.get(uploadId)?.filename)).toEqual(['a.pdf', 'b.mp3', 'c.txt']);
      expect(ids.every((uploadId) => stored.get(uploadId)?.status === 'ready')).toBe(true);
      expect(phases).toContain('b.mp3:processing');
      expect(phases).toContain('b.mp3:ready');
    } finally {
      await session.close();
    }
  });
});

function nullStream() {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

describe('agents run --file', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);
  const runStarts = () => sim().requests.filter((r) => r.operation === 'POST /agents/{agent_id}/runs');

  it('stages each file, waits until all are ready, then starts the run with their ids', async () => {
    const { id } = sim().state.createAgent({ name: 'Reader' });
    ws().write('a.pdf', randomBytesOf(1000, 1));
    ws().write('b.mp3', randomBytesOf(1000, 2));
    configureInputUploads(sim().state, { pollsUntilReady: 1 });
    const result = await ws().run(
      ['agents', 'run', id, '--file', 'a.pdf', '--file', 'b.mp3', '--detach', '--json'],
      {
        clock: hastyClock,
      },
    );
    expect(result.code).toBe(0);
    const stored = storedInputUploads(sim().state);
    const [start] = runStarts();
    const ids = (start.body as { input_upload_ids: string[] }).input_upload_ids;
    expect(ids.map((uploadId) => stored.get(uploadId)?.filename)).toEqual(['a.pdf', 'b.mp3']);
    expect(ids.every((uploadId) => stored.get(uploadId)?.status === 'ready')).toBe(true);
    const order = sim().requests.map((r) => r.operation);
    expect(order.lastIndexOf('GET /agents/{agent_id}/input-uploads/{upload_id}')).toBeLessThan(
      order.indexOf('POST /agents/{agent_id}/runs'),
    );
  });

  it('one file goes as input_upload_id; --file with --input, or a bad path, sends nothing', async () => {
    const { id } = sim().state.createAgent({ name: 'Reader' });
    ws().write('a.txt', 'question');
    expect((await ws().run(['agents', 'run', id, '--file', 'a.txt', '--detach'])).code).toBe(0);
    expect(runStarts()[0].body).toMatchObject({ input_upload_id: expect.any(String) });
    sim().reset();
    expect((await ws().run(['agents', 'run', id, '--file', 'a.txt', '--input', 'x', '--detach'])).code).toBe(
      2,
    );
    expect((await ws().run(['agents', 'run', id, '--file', 'missing.pdf', '--detach'])).code).toBe(2);
    expect(sim().requests).toHaveLength(0);
  });
});
