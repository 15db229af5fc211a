/** Reads a stream (stdin, a response body) to its end. */
export async function readAllBytes(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Reads a stream (stdin, a response body) to its end as UTF-8 text. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  return (await readAllBytes(stream)).toString('utf8');
}

/** UTF-8 text, or undefined when the bytes are not valid UTF-8 (never silently replaced). */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
