// The terminal around the Ink app: the alternate screen on the way in, and on every way out
// (quit, Ctrl-C, SIGTERM, SIGHUP, a crash) the screen, cursor and tty mode put back before
// anything else is printed. Ink 6.8 has no alternate-screen option, so this writes the sequences.

// alternate screen, cleared, cursor hidden; mouse button and wheel reports in SGR form (1000 + 1006,
// no motion reports), as htop does: Shift+drag still selects text in most terminals
const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l\x1b[?1000h\x1b[?1006h';
const LEAVE = '\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l';

export class TerminalGuard {
  private active = false;

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stdin: NodeJS.ReadStream,
  ) {}

  /** Switch to the alternate screen (cleared, cursor hidden). */
  enter(): void {
    if (this.active) return;
    this.active = true;
    this.write(ENTER);
  }

  /** Leave it: raw mode off, cursor shown, the previous screen back. Idempotent; never throws. */
  restore(): void {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
    } catch {
      // the tty may be gone (SIGHUP)
    }
    this.write(LEAVE);
  }

  get isActive(): boolean {
    return this.active;
  }

  private write(s: string): void {
    try {
      this.stdout.write(s);
    } catch {
      // nothing to restore on a closed terminal
    }
  }
}
