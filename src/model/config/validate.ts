// Shared validation helpers for the config and theme loaders: typed reads of parsed TOML values
// that throw ConfigError at the offending key's FILE:LINE:COL.

import { parse, TomlError } from 'smol-toml';
import { checkColorSpec, COLOR_SPEC_HELP } from './color.js';
import { ConfigError } from './errors.js';
import { SourceLocator, type TomlPath } from './locate.js';
import { didYouMean, suggest } from './suggest.js';
import type { StyleConfig } from './types.js';

export type TomlTable = Record<string, unknown>;

/** TOML type name of a parsed value, for "got …" messages */
export function tomlType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'bigint') return 'integer';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'datetime';
  if (v !== null && typeof v === 'object') return 'table';
  return typeof v;
}

export function isTable(v: unknown): v is TomlTable {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** own keys of a parsed (null-prototype) table */
export function ownKeys(t: TomlTable): string[] {
  return Object.keys(t);
}

export function has(t: TomlTable, key: string): boolean {
  return Object.hasOwn(t, key);
}

/** "max_width", "tree_symbols[2]", "keys.quit[1]" style name of a path, for messages */
export function keyName(path: TomlPath): string {
  let lastStr = -1;
  for (let k = path.length - 1; k >= 0; k--) {
    if (typeof path[k] === 'string') {
      lastStr = k;
      break;
    }
  }
  if (lastStr < 0) return path.map((p) => `[${p}]`).join('');
  return String(path[lastStr]) + path.slice(lastStr + 1).map((p) => `[${p}]`).join('');
}

/** "[display]", "[style.by_state]", "[[columns]]", "the top level" */
export function tableLabel(path: TomlPath): string {
  if (path.length === 0) return 'the top level';
  if (typeof path[path.length - 1] === 'number') {
    const names = path.filter((p): p is string => typeof p === 'string');
    return `[[${names.join('.')}]]`;
  }
  return `[${path.filter((p): p is string => typeof p === 'string').join('.')}]`;
}

/** Parse TOML text; a syntax error becomes ConfigError at smol-toml's (1-based) line/column. */
export function parseToml(src: string, file: string): TomlTable {
  try {
    return parse(src) as TomlTable;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      throw new ConfigError(`TOML syntax error: ${first}`, { file, line: e.line, column: e.column, hint: syntaxHint(first) });
    }
    throw e;
  }
}

function syntaxHint(reason: string): string | undefined {
  if (reason.startsWith('control characters are not allowed in strings'))
    return `is a closing quote missing? A string ends on its own line (use """ or ''' for multi-line strings)`;
  if (reason.startsWith('invalid value')) return 'a value is a "quoted string", a number, true or false, [an array] or { an inline table }';
  if (reason.startsWith('trying to redefine')) return 'each key and each [table] may appear only once';
  if (reason.startsWith('illegal character in key'))
    return 'write `key = value`; keys are bare words (letters, digits, _ and -) or "quoted"; a [table] header needs its ]';
  return undefined;
}

export class Ctx {
  readonly locator: SourceLocator;

  constructor(
    readonly file: string,
    src: string,
  ) {
    this.locator = new SourceLocator(src);
  }

  fail(path: TomlPath, at: 'key' | 'value', reason: string, hint?: string): never {
    const { line, column } = this.locator.find(path, at);
    throw new ConfigError(reason, { file: this.file, line, column, hint });
  }

  typeError(path: TomlPath, expected: string, v: unknown): never {
    return this.fail(path, 'value', `\`${keyName(path)}\` must be ${expected}, got ${tomlType(v)}`);
  }

  /**
   * Reject keys of `t` not in `allowed`. `hints` maps known-but-misplaced keys to a better
   * hint than the edit-distance one ("`theme` belongs in [display]").
   */
  checkKeys(t: TomlTable, path: TomlPath, allowed: readonly string[], hints: Record<string, string> = {}): void {
    for (const k of ownKeys(t)) {
      if (allowed.includes(k)) continue;
      const p = [...path, k];
      const isSection = path.length === 0 && isTable(t[k]);
      const hint =
        (Object.hasOwn(hints, k) ? hints[k] : undefined) ??
        (isSection ? didYouMean(k, allowed, (s) => `\`[${s}]\``) : didYouMean(k, allowed)) ??
        `known ${isSection ? 'sections' : 'keys'}: ${allowed.join(', ')}`;
      if (isSection) this.fail(p, 'key', `unknown section \`[${k}]\``, hint);
      this.fail(p, 'key', path.length === 0 ? `unknown top-level key \`${k}\`` : `unknown key \`${k}\` in ${tableLabel(path)}`, hint);
    }
  }

  table(v: unknown, path: TomlPath): TomlTable {
    if (!isTable(v)) this.typeError(path, 'a table', v);
    return v;
  }

  string(v: unknown, path: TomlPath, opts: { nonEmpty?: boolean } = {}): string {
    if (typeof v !== 'string') this.typeError(path, 'a string', v);
    if (opts.nonEmpty && v === '') this.fail(path, 'value', `\`${keyName(path)}\` must not be empty`);
    return v;
  }

  bool(v: unknown, path: TomlPath): boolean {
    if (typeof v !== 'boolean') this.typeError(path, 'a boolean (true or false)', v);
    return v;
  }

  int(v: unknown, path: TomlPath, opts: { min?: number; max?: number } = {}): number {
    if (typeof v !== 'number' || !Number.isInteger(v)) this.typeError(path, 'an integer', v);
    if (opts.min !== undefined && v < opts.min) this.fail(path, 'value', `\`${keyName(path)}\` must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(path, 'value', `\`${keyName(path)}\` must be at most ${opts.max}, got ${v}`);
    return v;
  }

  /** case-insensitive enum; `aliases` maps extra lower-case spellings to a value */
  enumValue<T extends string>(v: unknown, path: TomlPath, allowed: readonly T[], aliases: Record<string, T> = {}): T {
    if (typeof v !== 'string') this.typeError(path, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, v);
    const lower = v.toLowerCase();
    const hit = allowed.find((a) => a.toLowerCase() === lower) ?? (Object.hasOwn(aliases, lower) ? aliases[lower] : undefined);
    if (hit !== undefined) return hit;
    return this.fail(
      path,
      'value',
      `\`${keyName(path)}\` must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}, got \`${v}\``,
      didYouMean(v, allowed),
    );
  }

  /** a colour spec; `special` lists extra accepted words (ByPercentage …), matched case-insensitively */
  color(v: unknown, path: TomlPath, special: readonly string[] = []): string {
    const s = this.string(v, path);
    const sp = special.find((x) => x.toLowerCase() === s.trim().toLowerCase());
    if (sp !== undefined) return sp;
    const r = checkColorSpec(s);
    if (r.ok) return s;
    const suggestion = r.suggestion ?? (special.length > 0 ? suggest(s, special) : undefined);
    const hint = suggestion !== undefined ? `did you mean \`${suggestion}\`?` : special.length > 0 ? `${COLOR_SPEC_HELP}; or one of ${special.join(', ')}` : COLOR_SPEC_HELP;
    return this.fail(path, 'value', `invalid colour spec \`${s}\` for \`${keyName(path)}\`: ${r.reason}`, hint);
  }
}

// ---- [style] (shared by the config and themes) ------------------------------------------------

export const STYLE_TOP_KEYS = ['header', 'unit', 'tree'] as const;

type SubKey = 'byPercentage' | 'byState' | 'byUnit';

export const STYLE_SUBTABLES: Record<string, { field: SubKey; keys: Record<string, string> }> = {
  by_percentage: {
    field: 'byPercentage',
    keys: { color_000: 'color000', color_025: 'color025', color_050: 'color050', color_075: 'color075', color_100: 'color100' },
  },
  by_state: {
    field: 'byState',
    keys: {
      color_d: 'colorD',
      color_r: 'colorR',
      color_s: 'colorS',
      color_t: 'colorT',
      color_z: 'colorZ',
      color_x: 'colorX',
      color_k: 'colorK',
      color_w: 'colorW',
      color_p: 'colorP',
    },
  },
  by_unit: {
    field: 'byUnit',
    keys: { color_k: 'colorK', color_m: 'colorM', color_g: 'colorG', color_t: 'colorT', color_p: 'colorP', color_x: 'colorX' },
  },
};

/** A partial [style]: what a config file or a theme sets. */
export interface StylePatch {
  header?: string;
  unit?: string;
  tree?: string;
  byPercentage?: Partial<StyleConfig['byPercentage']>;
  byState?: Partial<StyleConfig['byState']>;
  byUnit?: Partial<StyleConfig['byUnit']>;
}

/**
 * Validate a [style] table. Returns the patch and the set of keys it sets, as dotted TOML
 * names: "header", "by_percentage.color_000", "by_state.color_d".
 */
export function readStyleTable(ctx: Ctx, v: unknown, path: TomlPath): { patch: StylePatch; keys: Set<string> } {
  const t = ctx.table(v, path);
  const patch: StylePatch = {};
  const keys = new Set<string>();
  ctx.checkKeys(t, path, [...STYLE_TOP_KEYS, ...Object.keys(STYLE_SUBTABLES)]);
  for (const k of STYLE_TOP_KEYS) {
    if (!has(t, k)) continue;
    patch[k] = ctx.color(t[k], [...path, k]);
    keys.add(k);
  }
  for (const [sub, def] of Object.entries(STYLE_SUBTABLES)) {
    if (!has(t, sub)) continue;
    const sp = [...path, sub];
    const st = ctx.table(t[sub], sp);
    ctx.checkKeys(st, sp, Object.keys(def.keys));
    const out: Record<string, string> = {};
    for (const [tk, field] of Object.entries(def.keys)) {
      if (!has(st, tk)) continue;
      out[field] = ctx.color(st[tk], [...sp, tk]);
      keys.add(`${sub}.${tk}`);
    }
    (patch as Record<string, unknown>)[def.field] = out;
  }
  return { patch, keys };
}

/** `base` with `patch` applied; keys in `skip` (dotted TOML names) are left alone. */
export function applyStylePatch(base: StyleConfig, patch: StylePatch, skip: ReadonlySet<string> = new Set()): StyleConfig {
  const out: StyleConfig = {
    header: base.header,
    unit: base.unit,
    tree: base.tree,
    byPercentage: { ...base.byPercentage },
    byState: { ...base.byState },
    byUnit: { ...base.byUnit },
  };
  for (const k of STYLE_TOP_KEYS) {
    const v = patch[k];
    if (v !== undefined && !skip.has(k)) out[k] = v;
  }
  for (const [sub, def] of Object.entries(STYLE_SUBTABLES)) {
    const p = patch[def.field] as Record<string, string | undefined> | undefined;
    if (!p) continue;
    const target = out[def.field] as Record<string, string>;
    for (const [tk, field] of Object.entries(def.keys)) {
      const v = p[field];
      if (v !== undefined && !skip.has(`${sub}.${tk}`)) target[field] = v;
    }
  }
  return out;
}
