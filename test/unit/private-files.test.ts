import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, tightenPrivate } from '../../src/auth/private-files.ts';

describe.runIf(process.platform !== 'win32')('tightenPrivate', () => {
  let dir = '';
  const warnings: string[] = [];
  const warn = (line: string) => warnings.push(line);
  const modeOf = (path: string) => statSync(path).mode & 0o7777;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seclai-private-'));
    warnings.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tightens a file open to others and says so once', () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, 'x');
    chmodSync(file, 0o640);
    tightenPrivate(file, 0o600, warn);
    tightenPrivate(file, 0o600, warn);
    expect(modeOf(file)).toBe(0o600);
    expect(warnings).toEqual([`warning: ${file} was open to others (mode 0640); changed it to 0600`]);
  });

  it('leaves a private file, a missing path and a stricter mode alone, silently', () => {
    const file = join(dir, 'token.json');
    writeFileSync(file, 'x');
    chmodSync(file, 0o400);
    tightenPrivate(file, 0o600, warn);
    tightenPrivate(join(dir, 'missing'), 0o600, warn);
    expect(modeOf(file)).toBe(0o400);
    expect(warnings).toEqual([]);
  });

  it('only warns about a shared sticky folder such as /tmp', () => {
    chmodSync(dir, 0o1777);
    tightenPrivate(dir, 0o700, warn);
    expect(modeOf(dir)).toBe(0o1777);
    expect(warnings).toEqual([
      `warning: ${dir} is open to others (mode 0777); left as it is: it is shared (sticky)`,
    ]);
  });

  it('ensurePrivateDir creates a 0700 folder, parents included, and tightens an existing one', () => {
    const nested = join(dir, 'a', 'b');
    ensurePrivateDir(nested, warn);
    expect(modeOf(nested)).toBe(0o700);
    chmodSync(nested, 0o755);
    ensurePrivateDir(nested, warn);
    expect(modeOf(nested)).toBe(0o700);
    expect(warnings).toEqual([`warning: ${nested} was open to others (mode 0755); changed it to 0700`]);
  });
});
