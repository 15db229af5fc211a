import { describe, expect, it } from 'vitest';
import { parseJsonWithLongString } from '../../src/json-long-string.ts';

const parse = (text: string) => parseJsonWithLongString(text, 'output');

describe('parseJsonWithLongString', () => {
  it('gives what JSON.parse gives, whatever the text holds', () => {
    const answer = 'The quick brown fox. '.repeat(10_000);
    const texts = [
      JSON.stringify({ run_id: 'r', status: 'completed', output: answer, credits: 0.42 }),
      JSON.stringify({ output: answer }),
      `{ "run_id": "r", "output" : "${answer}" , "status": "completed" }`,
      `{\n\t"output"\r\n:\t"${answer}"\n}`,
      JSON.stringify({ output: 'a "quoted" word\nand a new line', status: 'completed' }),
      JSON.stringify({ output: 'ends with a backslash \\', status: 'completed' }),
      JSON.stringify({ output: null, status: 'failed' }),
      JSON.stringify({ output: '', status: 'completed' }),
      JSON.stringify({ status: 'completed' }),
      // The key's first appearance is not the top-level one.
      JSON.stringify({ attempts: [{ output: 'first attempt' }], output: 'final' }),
      JSON.stringify({ attempts: [{ output: 'only nested' }], status: 'failed' }),
      JSON.stringify({ input: '"output":"not this"', output: 'this' }),
      JSON.stringify({ input: 'a\\', output: 'after a backslash' }),
      // Duplicate keys: the last one counts, as for JSON.parse.
      '{"output":"first","output":"second"}',
      '{"output":"first","status":"completed","output":"second"}',
      '["output","x"]',
      '[{"output":"in an array"}]',
      '"output"',
      JSON.stringify({ output: 'ü 🦊 日本' }),
    ];
    for (const text of texts) expect(parse(text), text.slice(0, 80)).toEqual(JSON.parse(text));
  });

  it('throws where JSON.parse throws: no JSON, or a raw control character in the string', () => {
    for (const text of [
      '{"output":"cut off',
      '{"output":"a\u0001b"}',
      '{"output":"x",}',
      '{"output"\u00a0:"x"}',
      'not json',
      '',
    ]) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => parse(text), text).toThrow(SyntaxError);
    }
  });
});
