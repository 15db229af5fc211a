/** A --debug line, with the headers and the body (already redacted) of the request it traces. */
export type DebugLog = (line: string, headers?: Record<string, string>, body?: string) => void;

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Headers as they may be shown: every credential replaced, the scheme of Authorization kept. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    if (!SECRET_HEADERS.has(name.toLowerCase())) shown[name] = text;
    else if (name.toLowerCase() === 'authorization' && /^[A-Za-z][\w-]*\s+\S/.test(text))
      shown[name] = `${text.split(/\s+/)[0]} [redacted]`;
    else shown[name] = '[redacted]';
  }
  return shown;
}

const SECRET_FIELDS =
  /^(access_?token|refresh_?token|id_?token|api_?key|token|password|client_secret|code_verifier|code)$/i;

/** A JSON-like value with every field that names a secret replaced. */
export function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : redactFields(v)]),
  );
}
