// Configuration and theme errors. The message is what the CLI prints (after "ptop: "):
//
//   FILE:LINE:COL: what is wrong
//   hint (optional second line, e.g. "did you mean `min_width`?")
//
// LINE and COL are 1-based. When an error has no position (file missing, unreadable), the
// first line is "FILE: what is wrong"; when it is not tied to a file at all, just "what is wrong".

export interface ConfigErrorOptions {
  file?: string;
  /** 1-based; 0 = no position */
  line?: number;
  /** 1-based; 0 = no position */
  column?: number;
  /** optional second line */
  hint?: string;
}

export class ConfigError extends Error {
  /** the file the error is in ('' when not tied to a file) */
  readonly file: string;
  /** 1-based line, 0 when unknown */
  readonly line: number;
  /** 1-based column, 0 when unknown */
  readonly column: number;
  /** what is wrong, without position or hint */
  readonly reason: string;
  readonly hint: string | undefined;

  constructor(reason: string, opts: ConfigErrorOptions = {}) {
    const file = opts.file ?? '';
    const line = opts.line ?? 0;
    const column = opts.column ?? 0;
    super(formatConfigError(reason, file, line, column, opts.hint));
    this.name = 'ConfigError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.hint = opts.hint;
  }
}

function formatConfigError(reason: string, file: string, line: number, column: number, hint?: string): string {
  let head: string;
  if (file && line > 0) head = `${file}:${line}:${column > 0 ? column : 1}: ${reason}`;
  else if (file) head = `${file}: ${reason}`;
  else head = reason;
  return hint ? `${head}\n${hint}` : head;
}
