import { redactFields } from './redact.ts';

/** A body longer than this is cut in the --debug trace. */
export const DEBUG_BODY_BYTES = 2048;

/** A JSON request body as --debug shows it: secret fields redacted, pretty, cut when long. */
export function debugJsonBody(body: unknown): string {
  return cutToBytes(JSON.stringify(redactFields(body), null, 2) ?? String(body), DEBUG_BODY_BYTES);
}

/** A multipart body as --debug shows it: field names, the file's name, type and size; never its bytes. */
export function debugMultipartBody(
  fields: string[],
  file: { field: string; filename: string; contentType: string; size: number },
): string {
  const parts = fields.map((name) => `${name}=…`);
  parts.push(`${file.field}=${JSON.stringify(file.filename)} (${file.contentType}, ${file.size} bytes)`);
  return `multipart/form-data: ${parts.join(', ')}`;
}

/** The first `limit` bytes of `text` (UTF-8, never half a character), then how many more there were. */
export function cutToBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  // Back up to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}… (${bytes.length - end} more bytes)`;
}
