/** Exit codes, as documented in `seclai --help` and the man page. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI explains to the user in one line (plus an optional hint) and exits with. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, exitCode: number = ExitCode.failure, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flag, argument, JSON or file: nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
    this.name = 'UsageError';
  }
}

export const LOGIN_HINT = 'run `seclai auth login`, or set SECLAI_API_KEY';

/** Authentication is needed or was rejected. */
export class AuthError extends CliError {
  constructor(message: string, hint: string = LOGIN_HINT) {
    super(message, ExitCode.auth, hint);
    this.name = 'AuthError';
  }
}

/** The user pressed Ctrl-C; the command already said what it left behind. */
export class InterruptedError extends CliError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted);
    this.name = 'InterruptedError';
  }
}
