// A real terminal for end-to-end tests: one tmux server per session on a private socket
// (`-L ptop-e2e-<pid>-<n>`), a detached session of a fixed size running the command with `CI`
// unset (Ink draws nothing interactive when CI is set), and polling of `capture-pane`.
//
// Nothing here sleeps for a fixed time: every wait is a poll of the screen for a condition, with a
// timeout whose error message carries the last screen seen.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/helpers/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI. */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface TmuxOptions {
  cols?: number;
  rows?: number;
  /** argv (run directly) or a shell command line (run through sh -c) */
  command: string[] | string;
  /** extra environment for the command */
  env?: Record<string, string>;
  /** working directory of the command (default: the repository root) */
  cwd?: string;
}

export interface CaptureOptions {
  /** keep colours and attributes as SGR sequences (capture-pane -e) */
  escapes?: boolean;
}

export type ScreenPredicate = ((screen: string) => boolean) | string | RegExp;

export interface WaitOptions {
  timeout?: number;
  /** match against the capture with escapes (capture-pane -e) */
  escapes?: boolean;
  /** what is being waited for, for the error message */
  what?: string;
}

export interface TmuxSession {
  readonly socket: string;
  readonly cols: number;
  readonly rows: number;
  /** send keys: tmux key names (Down, Enter, Escape, C-c, F10, q, …) or, for anything else, literal text */
  send(...keys: string[]): void;
  /** send text literally (send-keys -l) */
  type(text: string): void;
  /** the screen as text, one line per row, trailing blanks trimmed by tmux */
  capture(opts?: CaptureOptions): string;
  /** the screen as an array of exactly `rows` lines */
  lines(opts?: CaptureOptions): string[];
  /** poll the screen every ~50 ms until the predicate holds; returns that screen */
  waitFor(pred: ScreenPredicate, opts?: WaitOptions): Promise<string>;
  resize(cols: number, rows: number): void;
  /** pid of the process running in the pane (env execs the command, so this is the command's pid) */
  panePid(): number;
  /** pid of the tmux server */
  serverPid(): number;
  /** true once the command in the pane has exited (the pane is kept: remain-on-exit) */
  paneDead(): boolean;
  /** a tmux format for the pane, e.g. '#{alternate_on}', '#{cursor_flag}', '#{pane_title}' */
  format(fmt: string): string;
  /** tmux paste buffers (an OSC 52 that got through would create one: set-clipboard is on) */
  buffers(): string[];
  kill(): void;
}

const KEY_NAME =
  /^(?:[CMS]-.+|Up|Down|Left|Right|Enter|Escape|Tab|BTab|Space|BSpace|Home|End|PageUp|PageDown|PgUp|PgDn|PPage|NPage|IC|DC|Insert|Delete|F[1-9]|F1[0-2]|KP.*)$/;

let counter = 0;
const sessions = new Set<TmuxSession>();
let confDir: string | null = null;

function confFile(): string {
  if (!confDir) confDir = mkdtempSync(join(tmpdir(), 'ptop-e2e-tmux-'));
  const path = join(confDir, 'tmux.conf');
  writeFileSync(
    path,
    [
      'set -g status off', // the pane is the whole window: rows lines
      'set -g default-terminal xterm-256color',
      'set -g escape-time 0',
      'set -g remain-on-exit on', // a crash leaves its output on the screen for the error message
      'set -g set-clipboard on', // an OSC 52 from the pane would land in a paste buffer
      'set -g history-limit 2000',
      '',
    ].join('\n'),
  );
  return path;
}

function tmuxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // TMUX_TMPDIR: the sockets go in our temp dir (kill-server leaves the socket file behind)
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', TMUX_TMPDIR: confDir!, ...extra };
  delete env.CI;
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function startTmux(opts: TmuxOptions): TmuxSession {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 40;
  const socket = `ptop-e2e-${process.pid}-${++counter}`;
  const conf = confFile();
  const env = tmuxEnv();
  const tmux = (args: string[], input?: string): string =>
    execFileSync('tmux', ['-L', socket, '-f', conf, ...args], {
      env,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      input,
      maxBuffer: 16 * 1024 * 1024,
    });

  const extraEnv = { TERM: 'xterm-256color', LANG: 'C.UTF-8', ...(opts.env ?? {}) };
  const envArgs = Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`);
  const inner = typeof opts.command === 'string' ? ['sh', '-c', opts.command] : opts.command;
  // tmux 3.x runs a multi-argument command directly; a single argument would go through the shell,
  // so the argv is quoted into one shell line that execs env (same pid as the command).
  const line = ['exec', 'env', '-u', 'CI', ...envArgs, ...inner].map((a, i) => (i === 0 ? a : shq(a))).join(' ');
  tmux(['new-session', '-d', '-s', 't', '-x', String(cols), '-y', String(rows), '-c', opts.cwd ?? REPO_ROOT, line]);

  let cur = { cols, rows };
  let killed = false;
  const capture = (o: CaptureOptions = {}): string => {
    const args = ['capture-pane', '-p', '-t', 't'];
    if (o.escapes) args.push('-e');
    return tmux(args).replace(/\n$/, '');
  };
  const session: TmuxSession = {
    socket,
    get cols() {
      return cur.cols;
    },
    get rows() {
      return cur.rows;
    },
    send(...keys) {
      for (const k of keys) {
        if (KEY_NAME.test(k) || k.length === 1) tmux(['send-keys', '-t', 't', k]);
        else tmux(['send-keys', '-t', 't', '-l', '--', k]);
      }
    },
    type(text) {
      tmux(['send-keys', '-t', 't', '-l', '--', text]);
    },
    capture,
    lines(o) {
      const ls = capture(o).split('\n');
      while (ls.length < cur.rows) ls.push('');
      return ls;
    },
    async waitFor(pred, o = {}) {
      const timeout = o.timeout ?? 10000;
      const test =
        typeof pred === 'string' ? (s: string) => s.includes(pred) : pred instanceof RegExp ? (s: string) => pred.test(s) : pred;
      const end = Date.now() + timeout;
      let last = '';
      let dead = '';
      for (;;) {
        last = capture({ escapes: o.escapes });
        if (test(last)) return last;
        if (Date.now() > end) break;
        // the command exited (the pane stays: remain-on-exit): nothing will change any more
        if (session.paneDead()) {
          last = capture({ escapes: o.escapes });
          if (test(last)) return last;
          const st = session.format('#{pane_dead_status}');
          dead = ` (the command in the pane exited${st ? ` with status ${st}` : ''})`;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const what = (o.what ?? (typeof pred === 'function' ? 'a condition' : JSON.stringify(String(pred)))) + dead;
      const shown = (o.escapes ? last.replace(/\x1b/g, '\\e') : last)
        .split('\n')
        .map((l, i) => `${String(i).padStart(2)}|${l}`)
        .join('\n');
      throw new Error(`tmux: ${dead ? 'gave up' : `timed out after ${timeout} ms`} waiting for ${what}; last screen (${cur.cols}x${cur.rows}):\n${shown}`);
    },
    resize(c, r) {
      tmux(['resize-window', '-t', 't', '-x', String(c), '-y', String(r)]);
      cur = { cols: c, rows: r };
    },
    panePid() {
      return Number(tmux(['display-message', '-p', '-t', 't', '#{pane_pid}']).trim());
    },
    serverPid() {
      return Number(tmux(['display-message', '-p', '-t', 't', '#{pid}']).trim());
    },
    paneDead() {
      return tmux(['display-message', '-p', '-t', 't', '#{pane_dead}']).trim() === '1';
    },
    format(fmt) {
      return tmux(['display-message', '-p', '-t', 't', fmt]).replace(/\n$/, '');
    },
    buffers() {
      const out = tmux(['list-buffers', '-F', '#{buffer_sample}']);
      return out.split('\n').filter(Boolean);
    },
    kill() {
      if (killed) return;
      killed = true;
      sessions.delete(session);
      let path = '';
      try {
        path = tmux(['display-message', '-p', '#{socket_path}']).trim();
      } catch {
        /* server gone */
      }
      try {
        tmux(['kill-server']);
      } catch {
        /* already gone */
      }
      if (path) rmSync(path, { force: true });
    },
  };
  sessions.add(session);
  return session;
}

/** Kill every tmux server started by this process (for afterAll). */
export function killAllTmux(): void {
  for (const s of [...sessions]) s.kill();
  if (confDir) {
    rmSync(confDir, { recursive: true, force: true });
    confDir = null;
  }
}

// ---- reading a captured screen -------------------------------------------------------------

/** Terminal display width of a string (wide East Asian and emoji count 2; combining marks 0). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
    if (/\p{Mn}|\p{Me}|\u200b/u.test(ch)) continue;
    if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd)
    ) {
      w += 2;
    } else w += 1;
  }
  return w;
}

export interface Segment {
  text: string;
  inverse: boolean;
  /** SGR parameters in effect (as written), for colour checks */
  params: string[];
}

/**
 * Split one line of `capture-pane -e` output into runs of text with their inverse state.
 * Handles SGR (`ESC [ … m`, including 38/48 sub-parameters) and skips any other escape.
 */
export function segments(line: string): Segment[] {
  const out: Segment[] = [];
  let inverse = false;
  let params: string[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ text, inverse, params: params.slice() });
    text = '';
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch !== '\x1b') {
      text += ch;
      continue;
    }
    const next = line[i + 1];
    if (next === '[') {
      let j = i + 2;
      while (j < line.length && !/[@-~]/.test(line[j])) j++;
      const body = line.slice(i + 2, j);
      const final = line[j];
      i = j;
      if (final !== 'm') continue;
      flush();
      const ps = body === '' ? ['0'] : body.split(';');
      for (let k = 0; k < ps.length; k++) {
        const p = ps[k] === '' ? 0 : Number(ps[k].split(':')[0]);
        if (p === 0) {
          inverse = false;
          params = [];
          continue;
        }
        if (p === 38 || p === 48 || p === 58) {
          const mode = ps[k + 1];
          const n = mode === '5' ? 2 : mode === '2' ? 4 : 0;
          params.push(ps.slice(k, k + 1 + n).join(';'));
          k += n;
          continue;
        }
        if (p === 7) inverse = true;
        else if (p === 27) inverse = false;
        params.push(String(p));
      }
    } else if (next === ']') {
      // OSC: up to BEL or ST
      let j = i + 2;
      while (j < line.length && line[j] !== '\x07' && !(line[j] === '\x1b' && line[j + 1] === '\\')) j++;
      i = line[j] === '\x07' ? j : j + 1;
    } else {
      i++;
    }
  }
  flush();
  return out;
}

/** Strip every escape sequence from captured text. */
export function plain(line: string): string {
  return segments(line)
    .map((s) => s.text)
    .join('');
}

/** The text drawn in inverse video on a line of `capture-pane -e` output (runs joined by '|'). */
export function inverseText(line: string): string {
  return segments(line)
    .filter((s) => s.inverse && s.text.trim() !== '')
    .map((s) => s.text)
    .join('|');
}
