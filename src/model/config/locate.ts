// smol-toml reports positions for syntax errors only; a parsed value does not know where it came
// from. This locator re-scans the (already syntactically valid) source text and records, for
// every table header, key and array element, the 1-based line/column of the key and of its value,
// so that validation errors can point at `FILE:LINE:COL`.
//
// Paths are the same as in the parsed object: ["columns", 2, "max_width"],
// ["style", "by_state", "color_d"], ["display", "tree_symbols", 3]. `[[columns]]` headers are
// numbered in order of appearance, which is the index smol-toml gives them.

export type TomlPath = readonly (string | number)[];

export interface SourcePos {
  /** 1-based */
  line: number;
  /** 1-based (UTF-16 code units, like most editors for BMP text) */
  column: number;
}

interface Entry {
  key: SourcePos;
  value?: SourcePos;
}

const pathKey = (p: TomlPath): string => JSON.stringify(p);

export class SourceLocator {
  private readonly entries = new Map<string, Entry>();
  private readonly aotCounts = new Map<string, number>();
  private readonly lineStarts: number[] = [0];
  private i = 0;

  constructor(private readonly src: string) {
    for (let k = 0; k < src.length; k++) if (src.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
    try {
      this.scanDocument();
    } catch {
      // best effort: whatever was recorded before the scanner got confused is still useful
    }
  }

  /**
   * Where `path` is. `at: 'value'` gives the value's position when the exact path was found;
   * otherwise (or for `at: 'key'`) the key's (or table header's) position. When the path itself
   * is not in the text, the nearest recorded ancestor is used; failing that, line 1, column 1.
   */
  find(path: TomlPath, at: 'key' | 'value' = 'key'): SourcePos {
    for (let len = path.length; len > 0; len--) {
      const e = this.entries.get(pathKey(path.slice(0, len)));
      if (!e) continue;
      if (len === path.length && at === 'value' && e.value) return e.value;
      return e.key;
    }
    return { line: 1, column: 1 };
  }

  /** true when the exact path appears in the source */
  has(path: TomlPath): boolean {
    return this.entries.has(pathKey(path));
  }

  // ---------------------------------------------------------------------------------------------

  private pos(offset: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  private record(path: TomlPath, keyOffset: number, valueOffset?: number): void {
    const k = pathKey(path);
    const existing = this.entries.get(k);
    if (existing && valueOffset === undefined) return;
    this.entries.set(k, {
      key: existing?.key ?? this.pos(keyOffset),
      value: valueOffset === undefined ? existing?.value : this.pos(valueOffset),
    });
  }

  private c(): string {
    return this.src[this.i] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.i);
  }

  private skipWs(): void {
    while (this.c() === ' ' || this.c() === '\t') this.i++;
  }

  private skipComment(): void {
    if (this.c() !== '#') return;
    while (this.i < this.src.length && this.c() !== '\n') this.i++;
  }

  /** whitespace, newlines and comments */
  private skipTrivia(): void {
    for (;;) {
      const c = this.c();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.i++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  private scanDocument(): void {
    let current: (string | number)[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.i >= this.src.length) return;
      const before = this.i;
      if (this.startsWith('[[')) {
        this.i += 2;
        this.skipWs();
        const { segs, offsets } = this.scanKey();
        this.skipWs();
        if (this.startsWith(']]')) this.i += 2;
        const parent = this.resolveHeader(segs.slice(0, -1));
        const arrayPath = [...parent, segs[segs.length - 1]];
        const ak = pathKey(arrayPath);
        const n = this.aotCounts.get(ak) ?? 0;
        this.aotCounts.set(ak, n + 1);
        this.recordPrefixes(segs, offsets);
        this.record(arrayPath, offsets[offsets.length - 1]);
        current = [...arrayPath, n];
        this.record(current, offsets[offsets.length - 1]);
      } else if (this.c() === '[') {
        this.i += 1;
        this.skipWs();
        const { segs, offsets } = this.scanKey();
        this.skipWs();
        if (this.c() === ']') this.i += 1;
        current = this.resolveHeader(segs);
        this.recordPrefixes(segs, offsets);
        this.record(current, offsets[offsets.length - 1]);
      } else {
        this.scanKeyValue(current);
      }
      if (this.i === before) this.i++; // never loop on unexpected input
    }
  }

  /** header segments → path, inserting the current index of any array of tables on the way */
  private resolveHeader(segs: string[]): (string | number)[] {
    const out: (string | number)[] = [];
    for (const s of segs) {
      out.push(s);
      const n = this.aotCounts.get(pathKey(out));
      if (n !== undefined) out.push(n - 1);
    }
    return out;
  }

  /** record the header's intermediate tables (["style"] for [style.by_state]) at their segment */
  private recordPrefixes(segs: string[], offsets: number[]): void {
    const path: (string | number)[] = [];
    for (let k = 0; k < segs.length - 1; k++) {
      path.push(segs[k]);
      const n = this.aotCounts.get(pathKey(path));
      if (n !== undefined) path.push(n - 1);
      this.record(path, offsets[k]);
    }
  }

  private scanKeyValue(base: TomlPath): void {
    const { segs, offsets } = this.scanKey();
    if (segs.length === 0) {
      // not a key: skip the rest of the line
      while (this.i < this.src.length && this.c() !== '\n') this.i++;
      return;
    }
    const path: (string | number)[] = [...base];
    for (let k = 0; k < segs.length; k++) {
      path.push(segs[k]);
      if (k < segs.length - 1) this.record(path, offsets[k]);
    }
    this.skipWs();
    if (this.c() === '=') this.i++;
    this.skipWs();
    this.record(path, offsets[offsets.length - 1], this.i);
    this.scanValue(path);
  }

  private scanKey(): { segs: string[]; offsets: number[] } {
    const segs: string[] = [];
    const offsets: number[] = [];
    for (;;) {
      this.skipWs();
      const start = this.i;
      const c = this.c();
      let seg: string | undefined;
      if (c === '"') seg = this.scanBasicString();
      else if (c === "'") seg = this.scanLiteralString();
      else {
        while (/[A-Za-z0-9_-]/.test(this.c())) this.i++;
        if (this.i > start) seg = this.src.slice(start, this.i);
      }
      if (seg === undefined) break;
      segs.push(seg);
      offsets.push(start);
      this.skipWs();
      if (this.c() !== '.') break;
      this.i++;
    }
    return { segs, offsets };
  }

  private scanValue(path: (string | number)[]): void {
    const c = this.c();
    if (c === '"') {
      if (this.startsWith('"""')) this.scanMultiline('"""', true);
      else this.scanBasicString();
    } else if (c === "'") {
      if (this.startsWith("'''")) this.scanMultiline("'''", false);
      else this.scanLiteralString();
    } else if (c === '[') {
      this.i++;
      let idx = 0;
      for (;;) {
        this.skipTrivia();
        if (this.i >= this.src.length) return;
        if (this.c() === ']') {
          this.i++;
          return;
        }
        const start = this.i;
        const el = [...path, idx];
        this.record(el, start, start);
        this.scanValue(el);
        idx++;
        this.skipTrivia();
        if (this.c() === ',') this.i++;
        else if (this.c() === ']') {
          this.i++;
          return;
        } else if (this.i === start) return;
      }
    } else if (c === '{') {
      this.i++;
      for (;;) {
        this.skipTrivia();
        if (this.i >= this.src.length) return;
        if (this.c() === '}') {
          this.i++;
          return;
        }
        const start = this.i;
        this.scanKeyValue(path);
        this.skipTrivia();
        if (this.c() === ',') this.i++;
        else if (this.c() === '}') {
          this.i++;
          return;
        } else if (this.i === start) return;
      }
    } else {
      // number, boolean, date-time: up to a delimiter
      while (this.i < this.src.length && !/[,\]}#\r\n]/.test(this.c())) this.i++;
    }
  }

  /** a "basic string" at this.i; returns its (approximately) decoded content */
  private scanBasicString(): string {
    this.i++; // opening quote
    let out = '';
    while (this.i < this.src.length && this.c() !== '"' && this.c() !== '\n') {
      if (this.c() === '\\') {
        const e = this.src[this.i + 1] ?? '';
        const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
        if (e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U' || e === 'x') {
          const len = e === 'u' ? 4 : e === 'U' ? 8 : 2;
          const hex = this.src.slice(this.i + 2, this.i + 2 + len);
          const cp = Number.parseInt(hex, 16);
          out += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          this.i += 2 + len;
        } else {
          out += e;
          this.i += 2;
        }
      } else {
        out += this.c();
        this.i++;
      }
    }
    if (this.c() === '"') this.i++;
    return out;
  }

  private scanLiteralString(): string {
    this.i++;
    const start = this.i;
    while (this.i < this.src.length && this.c() !== "'" && this.c() !== '\n') this.i++;
    const s = this.src.slice(start, this.i);
    if (this.c() === "'") this.i++;
    return s;
  }

  private scanMultiline(delim: string, escapes: boolean): void {
    this.i += 3;
    while (this.i < this.src.length) {
      if (escapes && this.c() === '\\') {
        this.i += 2;
        continue;
      }
      if (this.startsWith(delim)) {
        this.i += 3;
        // up to two quotes directly before the closing delimiter belong to the content
        let extra = 0;
        while (extra < 2 && this.c() === delim[0]) {
          this.i++;
          extra++;
        }
        return;
      }
      this.i++;
    }
  }
}
