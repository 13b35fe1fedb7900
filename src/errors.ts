// Known errors: printed as one line plus cause and hint, exit 2 (see cli/main.ts).
// Anything that is not a HotspyError is a bug and gets a stack trace.

export class HotspyError extends Error {
  readonly hint?: string;
  readonly exitCode: number = 2;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends HotspyError {}

/** A bad `[tool.hotspy]` table or config file. */
export class ConfigError extends HotspyError {}

/** A profile file that cannot be read: names the file and, for binary formats, the byte offset. */
export class ProfileFormatError extends HotspyError {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly offset?: number,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`${file}: ${detail}${offset === undefined ? '' : ` (at byte ${offset})`}`, options);
  }
}

/** The Python side (harness, interpreter) could not be started or failed. */
export class HarnessError extends HotspyError {}

/** A benchmark, complexity or gate run that cannot proceed. */
export class BenchError extends HotspyError {}

export function isHotspyError(error: unknown): error is HotspyError {
  return error instanceof HotspyError;
}
