// The interactive filter language (the UI's `/` box). Space-separated terms, all ANDed:
//
//   word            a procs keyword: an integer matches the numeric-search columns (PID) exactly,
//                   anything else is a substring of the text-search columns (User, Command);
//                   smart case. "quoted words" may hold spaces.
//   user:NAME       effective user name (or uid when NAME is a number); `user:root,alice` = any
//   uid:N           effective uid (comma list)
//   pid:N / ppid:N  process / parent ID (comma list; pid also matches a thread row's TID)
//   state:D         state letter; `state:DZ` = any of them (case matters: T vs t)
//   comm:foo        substring of comm;  cmd:foo  substring of the command line (smart case)
//   tty:pts/3       controlling terminal (comma list)
//   COL OP NUM      numeric comparison on a column found by findColumnKind: cpu>5, mem>=1.5,
//                   rss>100M, pss<=2G, threads>10, nice<0. OP is > >= < <= = == !=; NUM may end
//                   in K/M/G/T/P (binary, optional B/iB) or %.
//   !term           negates the term
//
// parseQuery reports the first error with its offset; matchQuery / compileQuery evaluate.

import type { ProcessSample, ProcSource } from '../collect/types.js';
import { effectiveUid } from './columns/define.js';
import { findColumnKind, getColumnKind } from './columns/registry.js';
import type { ColumnContext, ColumnKind } from './columns/types.js';
import type { CaseMode, ColumnConfig, MatchMode } from './config/types.js';
import { compileKeywords, isNumericKeyword, type SearchColumnFlags } from './filter.js';

export type QueryField = 'user' | 'uid' | 'pid' | 'ppid' | 'state' | 'comm' | 'cmd' | 'tty';
export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

interface TermBase {
  negate: boolean;
  /** offset of the term in the query text */
  at: number;
}
export interface KeywordTerm extends TermBase {
  type: 'keyword';
  text: string;
  numeric: boolean;
}
export interface FieldTerm extends TermBase {
  type: 'field';
  field: QueryField;
  values: string[];
}
export interface CompareTerm extends TermBase {
  type: 'compare';
  kind: ColumnKind;
  op: CompareOp;
  value: number;
}
export type QueryTerm = KeywordTerm | FieldTerm | CompareTerm;

export interface Query {
  text: string;
  terms: QueryTerm[];
}

export type ParseResult = { ok: true; query: Query } | { ok: false; error: string; at: number };

const FIELDS: Readonly<Record<string, QueryField>> = {
  user: 'user',
  uid: 'uid',
  pid: 'pid',
  ppid: 'ppid',
  state: 'state',
  comm: 'comm',
  cmd: 'cmd',
  command: 'cmd',
  tty: 'tty',
};

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** "100M" → 104857600, "1.5" → 1.5, "5%" → 5; null when not a number. */
export function parseQuantity(text: string): number | null {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([kmgtp]?)(?:i?b)?%?$/i.exec(text);
  if (!m) return null;
  const v = Number(m[1]) * SUFFIX[m[2].toLowerCase()];
  return Number.isFinite(v) ? v : null;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function parseQuery(text: string): ParseResult {
  const terms: QueryTerm[] = [];
  let i = 0;
  const n = text.length;

  /** a quoted string starting at i (text[i] === '"'); returns its content and the end offset */
  const readQuoted = (start: number): [string, number] => {
    let out = '';
    let j = start + 1;
    while (j < n) {
      const c = text[j];
      if (c === '\\' && j + 1 < n) {
        out += text[j + 1];
        j += 2;
        continue;
      }
      if (c === '"') return [out, j + 1];
      out += c;
      j++;
    }
    throw new ParseError('unterminated quote', start);
  };
  /** a value: quoted, or everything up to the next space */
  const readValue = (start: number): [string, number] => {
    if (text[start] === '"') return readQuoted(start);
    let j = start;
    while (j < n && !isSpace(text[j])) j++;
    return [text.slice(start, j), j];
  };

  try {
    while (i < n) {
      if (isSpace(text[i])) {
        i++;
        continue;
      }
      const at = i;
      let negate = false;
      while (text[i] === '!') {
        negate = !negate;
        i++;
      }
      if (i >= n || isSpace(text[i])) throw new ParseError('expected a term after "!"', i);

      if (text[i] === '"') {
        const [word, end] = readQuoted(i);
        if (!isSpace(text[end]) && end < n) throw new ParseError('expected a space after the closing quote', end);
        if (word !== '') terms.push({ type: 'keyword', text: word, numeric: isNumericKeyword(word), negate, at });
        i = end;
        continue;
      }

      const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64));
      if (ident) {
        const name = ident[0];
        const after = i + name.length;
        if (text[after] === ':') {
          const field = FIELDS[name.toLowerCase()];
          if (!field) {
            throw new ParseError(
              `unknown field "${name}:" (fields: user uid pid ppid state comm cmd tty; quote text that holds ":")`,
              i,
            );
          }
          const valueAt = after + 1;
          const [raw, end] = readValue(valueAt);
          if (raw === '') throw new ParseError(`missing value after "${name}:"`, valueAt);
          terms.push({ type: 'field', field, values: fieldValues(field, raw, valueAt), negate, at });
          i = end;
          continue;
        }
        const opMatch = /^(>=|<=|!=|==|=|>|<)/.exec(text.slice(after, after + 2));
        if (opMatch) {
          const kind = getColumnKind(name) ?? findColumnKind(name);
          if (!kind) throw new ParseError(`unknown column "${name}"`, i);
          if (!kind.numeric) throw new ParseError(`column ${kind.kind} is not numeric; use a field (user:, state:, …) or a word`, i);
          const op = (opMatch[1] === '==' ? '=' : opMatch[1]) as CompareOp;
          const valueAt = after + opMatch[1].length;
          const [raw, end] = readValue(valueAt);
          if (raw === '') throw new ParseError(`missing number after "${name}${opMatch[1]}"`, valueAt);
          const value = parseQuantity(raw);
          if (value === null) throw new ParseError(`"${raw}" is not a number (e.g. 5, 1.5, 100M, 2G)`, valueAt);
          terms.push({ type: 'compare', kind, op, value, negate, at });
          i = end;
          continue;
        }
      }

      const [word, end] = readValue(i);
      terms.push({ type: 'keyword', text: word, numeric: isNumericKeyword(word), negate, at });
      i = end;
    }
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message, at: e.at };
    throw e;
  }
  return { ok: true, query: { text, terms } };
}

function fieldValues(field: QueryField, raw: string, at: number): string[] {
  switch (field) {
    case 'state': {
      if (!/^[A-Za-z]+$/.test(raw)) throw new ParseError(`state letters expected (e.g. state:D, state:DZ), got "${raw}"`, at);
      return [...raw];
    }
    case 'pid':
    case 'ppid':
    case 'uid': {
      const parts = raw.split(',');
      let off = at;
      for (const part of parts) {
        if (!/^\d+$/.test(part)) throw new ParseError(`${field}: expects numbers, got "${part}"`, off);
        off += part.length + 1;
      }
      return parts;
    }
    case 'user':
    case 'tty': {
      const parts = raw.split(',').filter((s) => s !== '');
      if (parts.length === 0) throw new ParseError(`missing value after "${field}:"`, at);
      return parts;
    }
    default:
      return [raw];
  }
}

/** Options for bare words: which columns take part (default PID numeric, User + Command text). */
export interface QueryOptions {
  /** the config's columns; their numericSearch/nonnumericSearch flags pick the bare-word columns */
  columns?: readonly ColumnConfig[];
  case?: CaseMode;
  numericSearch?: MatchMode;
  nonnumericSearch?: MatchMode;
}

const DEFAULT_SEARCH_COLUMNS: readonly ColumnConfig[] = [
  { kind: 'Pid', numericSearch: true, nonnumericSearch: false },
  { kind: 'User', numericSearch: false, nonnumericSearch: true },
  { kind: 'Command', numericSearch: false, nonnumericSearch: true },
];

function smartIncludes(haystack: string, needle: string, mode: CaseMode): boolean {
  const lower = needle.toLowerCase();
  const ignore = mode === 'insensitive' || (mode === 'smart' && needle === lower);
  return ignore ? haystack.toLowerCase().includes(lower) : haystack.includes(needle);
}

function compare(v: number, op: CompareOp, x: number): boolean {
  switch (op) {
    case '>':
      return v > x;
    case '>=':
      return v >= x;
    case '<':
      return v < x;
    case '<=':
      return v <= x;
    case '=':
      return v === x;
    case '!=':
      return v !== x;
  }
}

/** A predicate for the query (compile once, test many samples). */
export function compileQuery(
  query: Query,
  opts: QueryOptions = {},
): (p: ProcessSample, ctx: ColumnContext) => boolean {
  const caseMode = opts.case ?? 'smart';
  const searchCols: { kind: ColumnKind; flags: SearchColumnFlags }[] = [];
  for (const c of opts.columns ?? DEFAULT_SEARCH_COLUMNS) {
    if (!c.numericSearch && !c.nonnumericSearch) continue;
    const kind = getColumnKind(c.kind);
    if (kind) searchCols.push({ kind, flags: { numericSearch: c.numericSearch, nonnumericSearch: c.nonnumericSearch } });
  }
  const flags = searchCols.map((c) => c.flags);

  const tests = query.terms.map((t): ((p: ProcessSample, ctx: ColumnContext) => boolean) => {
    let test: (p: ProcessSample, ctx: ColumnContext) => boolean;
    switch (t.type) {
      case 'keyword': {
        const m = compileKeywords([t.text], {
          logic: 'and',
          case: caseMode,
          numericSearch: opts.numericSearch ?? 'exact',
          nonnumericSearch: opts.nonnumericSearch ?? 'partial',
        });
        test = (p, ctx) =>
          m.test((i) => {
            const k = searchCols[i].kind;
            return k.format(k.value(p, ctx), p, ctx);
          }, flags);
        break;
      }
      case 'compare': {
        const { kind, op, value } = t;
        test = (p, ctx) => {
          const v = kind.value(p, ctx);
          return typeof v === 'number' && !Number.isNaN(v) && compare(v, op, value);
        };
        break;
      }
      case 'field': {
        const vals = t.values;
        switch (t.field) {
          case 'user':
            test = (p, ctx) => {
              const uid = effectiveUid(p);
              const name = ctx.userName(uid);
              return vals.some((v) => v === name || (/^\d+$/.test(v) && Number(v) === uid));
            };
            break;
          case 'uid': {
            const set = new Set(vals.map(Number));
            test = (p) => set.has(effectiveUid(p));
            break;
          }
          case 'pid': {
            const set = new Set(vals.map(Number));
            test = (p) => set.has(p.pid) || (p.isThread && set.has(p.tid));
            break;
          }
          case 'ppid': {
            const set = new Set(vals.map(Number));
            test = (p) => set.has(p.stat.ppid);
            break;
          }
          case 'state':
            test = (p) => vals.includes(p.stat.state.charAt(0));
            break;
          case 'comm':
            test = (p) => smartIncludes(p.comm, vals[0], caseMode);
            break;
          case 'cmd':
            test = (p) => smartIncludes(p.command || `[${p.comm}]`, vals[0], caseMode);
            break;
          case 'tty':
            test = (p, ctx) => p.stat.ttyNr !== 0 && vals.includes(ctx.ttyName(p.stat.ttyNr));
            break;
        }
      }
    }
    return t.negate ? (p, ctx) => !test(p, ctx) : test;
  });

  return (p, ctx) => {
    for (const t of tests) if (!t(p, ctx)) return false;
    return true;
  };
}

/** Does the sample match every term of the query? (compileQuery for many samples) */
export function matchQuery(query: Query, sample: ProcessSample, ctx: ColumnContext, opts?: QueryOptions): boolean {
  return compileQuery(query, opts)(sample, ctx);
}

/** The /proc sources the query's terms read, beyond what the table already collects. */
export function querySources(query: Query, opts: QueryOptions = {}): Set<ProcSource> {
  const s = new Set<ProcSource>(['stat']);
  for (const t of query.terms) {
    if (t.type === 'compare') for (const n of t.kind.needs) s.add(n);
    else if (t.type === 'field' && t.field === 'cmd') s.add('cmdline');
    else if (t.type === 'field' && (t.field === 'user' || t.field === 'uid')) s.add('status');
    else if (t.type === 'keyword') {
      for (const c of opts.columns ?? DEFAULT_SEARCH_COLUMNS) {
        if (!c.numericSearch && !c.nonnumericSearch) continue;
        const k = getColumnKind(c.kind);
        if (k) for (const n of k.needs) s.add(n);
      }
    }
  }
  return s;
}
