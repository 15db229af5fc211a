// `--dry-run`: the request a command would send, written as a curl command instead of sent.

/** Thrown by the client in place of sending: the command stops there, and the run exits 0. */
export class DryRunStop extends Error {
  constructor() {
    super('dry run: nothing was sent');
    this.name = 'DryRunStop';
  }
}

/**
 * The credential as a shell sees it: a header naming a variable or a command, never the secret,
 * and a comment line when the user must set that variable first.
 */
export interface CurlCredential {
  /** e.g. `X-API-Key: $SECLAI_API_KEY`; written in double quotes, so it expands. */
  header: string;
  comment?: string;
}

/** A multipart form as curl's -F fields: text fields first, then the file. */
export interface CurlForm {
  fields: [name: string, value: string][];
  file: { field: string; path: string; filename: string; contentType: string };
}

export interface CurlRequest {
  method: string;
  url: URL;
  credential: CurlCredential;
  /** Headers besides the credential, as sent (e.g. `Accept`, `Seclai-Version`). */
  headers: [name: string, value: string][];
  json?: string;
  form?: CurlForm;
  /** An answer read as it arrives (SSE): curl must not buffer it. */
  streaming?: boolean;
}

/** A word for a POSIX shell: single-quoted, each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** A value inside curl's -F syntax: double-quoted, `"` and `\` escaped, so `;` and `,` stay literal. */
function formQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** The request as one runnable curl command (with a leading comment line when one is needed). */
export function curlCommand(request: CurlRequest): string {
  const words = ['curl'];
  if (request.streaming) words.push('-N');
  if (request.method !== 'GET') words.push(`-X ${request.method}`);
  words.push(shellQuote(request.url.href));
  const lines = [words.join(' '), `-H "${request.credential.header}"`];
  for (const [name, value] of request.headers) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.json !== undefined) lines.push(`--data-raw ${shellQuote(request.json)}`);
  if (request.form) {
    // --form-string sends the value as it is: -F would read a file for a value starting with @ or <.
    for (const [name, value] of request.form.fields)
      lines.push(`--form-string ${shellQuote(`${name}=${value}`)}`);
    const { field, path, filename, contentType } = request.form.file;
    lines.push(
      `-F ${shellQuote(`${field}=@${formQuote(path)};filename=${formQuote(filename)};type=${contentType}`)}`,
    );
  }
  const command = lines.join(' \\\n  ');
  return request.credential.comment ? `# ${request.credential.comment}\n${command}\n` : `${command}\n`;
}
