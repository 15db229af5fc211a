// Upload figures for `npm run bench`: memory of a big streamed upload (20 MiB vs 200 MiB), its speed
// against `curl -F` to the same loopback sink in the same run, and 500 small files at concurrency 4 vs 1.
// Files are generated in a temporary directory and removed afterwards.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, median, pairedRatio, peakRssMiB, shuffled, timeCommand } from './bench-lib.ts';

type Report = (result: BenchResult) => void;

interface BenchContext {
  env: NodeJS.ProcessEnv;
  bin: string;
  runs: number;
}

const MiB = 1024 * 1024;
const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';

export async function benchUploads(report: Report, context: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seclai-bench-uploads-'));
  const sink = await startSink(0);
  const slowSink = await startSink(5);
  try {
    const env = {
      ...context.env,
      SECLAI_API_URL: sink.url,
      HOME: join(dir, 'home'),
      XDG_CACHE_HOME: join(dir, 'home', '.cache'),
      SECLAI_API_KEY: 'sk-bench',
    };
    const small = join(dir, 'medium.pdf');
    const big = join(dir, 'big.pdf');
    await writeRandomFile(small, 20 * MiB);
    await writeRandomFile(big, 200 * MiB);
    const upload = (file: string) => [context.bin, 'sources', 'upload', SOURCE, file];

    const rss20 = await peakRssMiB(process.execPath, upload(small), env);
    const rss200 = await peakRssMiB(process.execPath, upload(big), env);
    report({
      name: 'sources upload 200 MiB: peak RSS',
      measure: 'peak resident memory of the CLI',
      value: rss200,
      unit: 'MiB',
      baseline: { name: 'same for 20 MiB', value: rss20 },
      ratio: rss200 / rss20,
      target: '≤ 80 MiB',
      pass: rss200 <= 80,
    });

    const rounds = Math.max(3, Math.min(context.runs, 15));
    const cliTimes: number[] = [];
    const curlTimes: number[] = [];
    const curl = existsSync('/usr/bin/curl') ? '/usr/bin/curl' : 'curl';
    const curlArgs = [
      '-sS',
      '-o',
      '/dev/null',
      '-H',
      'x-api-key: sk-bench',
      '-F',
      `file=@${big};type=application/pdf`,
      `${sink.url}/sources/${SOURCE}/upload`,
    ];
    const curlBodyTimes: number[] = [];
    const cliBodyTimes: number[] = [];
    const resumeTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // A fresh config directory each time, so the journal never lets --resume skip the file.
      const resumeEnv = { ...env, SECLAI_CONFIG_DIR: join(dir, `config-${i}`) };
      for (const step of shuffled([
        async () => {
          curlTimes.push(await timeCommand(curl, curlArgs, env));
          curlBodyTimes.push(sink.lastBodyMs());
        },
        async () => {
          cliTimes.push(await timeCommand(process.execPath, upload(big), env));
          cliBodyTimes.push(sink.lastBodyMs());
        },
        async () => {
          resumeTimes.push(await timeCommand(process.execPath, [...upload(big), '--resume'], resumeEnv));
        },
      ]))
        await step();
    }
    const wallRatio = pairedRatio(cliTimes, curlTimes);
    report({
      name: 'sources upload 200 MiB: wall time',
      measure: `median of ${rounds} rounds, loopback sink`,
      value: median(cliTimes),
      unit: 'ms',
      baseline: { name: 'curl -F', value: median(curlTimes) },
      ratio: wallRatio,
      target: "≤ 1.43× (≥ 0.7× curl's speed)",
      pass: 1 / wallRatio >= 0.7,
    });
    report({
      name: 'sources upload 200 MiB: sending time',
      measure: 'first request byte to last, at the sink',
      value: median(cliBodyTimes),
      unit: 'ms',
      baseline: { name: 'curl -F', value: median(curlBodyTimes) },
      ratio: pairedRatio(cliBodyTimes, curlBodyTimes),
    });
    report({
      name: 'sources upload 200 MiB --resume: wall time',
      measure: `median of ${rounds} rounds, hashes what it sends`,
      value: median(resumeTimes),
      unit: 'ms',
      baseline: { name: 'curl -F', value: median(curlTimes) },
      ratio: pairedRatio(resumeTimes, curlTimes),
    });

    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 500; i++)
      writeFileSync(join(many, `note-${i}.txt`), randomBytes(1024).toString('base64'));
    const slowEnv = { ...env, SECLAI_API_URL: slowSink.url };
    const batch = (concurrency: number) => [
      context.bin,
      'sources',
      'upload',
      SOURCE,
      many,
      '--recursive',
      '--concurrency',
      String(concurrency),
    ];
    const one: number[] = [];
    const four: number[] = [];
    for (let i = 0; i < 3; i++) {
      one.push(await timeCommand(process.execPath, batch(1), slowEnv));
      four.push(await timeCommand(process.execPath, batch(4), slowEnv));
    }
    report({
      name: '500 small files, concurrency 4',
      measure: 'median of 3, sink answers after 5 ms',
      value: median(four),
      unit: 'ms',
      baseline: { name: 'concurrency 1', value: median(one) },
      ratio: median(four) / median(one),
    });
  } finally {
    await sink.close();
    await slowSink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Sink {
  url: string;
  /** Time from the arrival of the last request to the end of its body, in ms. */
  lastBodyMs: () => number;
  close: () => Promise<void>;
}

/** A loopback server that drains every body and answers like the upload endpoint, after `delayMs`. */
async function startSink(delayMs: number): Promise<Sink> {
  let lastBodyMs = Number.NaN;
  const server: Server = createServer((req, res) => {
    const arrived = performance.now();
    req.on('data', () => {});
    req.on('end', () => {
      lastBodyMs = performance.now() - arrived;
      const answer = () => {
        const body = JSON.stringify({
          content_version_id: '00000000-0000-4000-8000-000000000000',
          source_connection_content_version_id: null,
          filename: 'file',
          status: 'uploaded',
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastBodyMs: () => lastBodyMs,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(MiB);
  for (let written = 0; written < size; written += MiB) {
    block.writeUInt32LE(written / MiB, 0);
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

// Run alone: `node scripts/bench-uploads.ts` (after `npm run build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printResults } = await import('./bench-lib.ts');
  const results: BenchResult[] = [];
  await benchUploads((r) => results.push(r), {
    env: { ...process.env, NO_COLOR: '1' },
    bin: new URL('../bin/seclai.cjs', import.meta.url).pathname,
    runs: 3,
  });
  printResults(results);
}
