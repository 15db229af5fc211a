// The official Seclai CLI's spellings that name something this CLI spells otherwise: rewritten
// to ours before parsing, or refused with our spelling when the same word means something else here.
import { UsageError } from './errors.ts';

/** Official flags taking a value, and the argv they become here. */
const WITH_VALUE: Record<string, (value: string) => string[]> = {
  '--json-file': (value) => ['--data', value === '-' ? '-' : `@${value}`],
  '--timeout-ms': (value) => ['--timeout', `${msValue(value, '--timeout-ms')}ms`],
  '--poll-interval-ms': (value) => ['--poll-interval', `${msValue(value, '--poll-interval-ms')}ms`],
};

/** Official switches and what they are here. */
const SWITCHES: Record<string, string[]> = {
  '--poll': ['--wait'],
  '--events': ['--stream', '--json'],
};

function msValue(value: string, flag: string): string {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes whole milliseconds (got "${value}")`);
  return value;
}

const looksLikeJson = (text: string) => /^\s*[{[]/.test(text);

/** Rewrites the official CLI's flags in a command line (up to a `--`) to this CLI's. */
export function translateOfficialFlags(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? splitInline(arg) : [arg, undefined];
    if (name === '--json' && (inline !== undefined || looksLikeJson(argv[i + 1] ?? ''))) {
      throw new UsageError(
        '--json prints JSON output here; it takes no value',
        "give a request body with --data '{…}', --data @file.json or --data -",
      );
    }
    if (Object.hasOwn(WITH_VALUE, name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      out.push(...WITH_VALUE[name](value));
    } else if (Object.hasOwn(SWITCHES, name) && inline === undefined) {
      out.push(...SWITCHES[name]);
    } else {
      out.push(arg);
    }
  }
  return out;
}

function splitInline(arg: string): [string, string] {
  const eq = arg.indexOf('=');
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}
