// "did you mean …?" suggestions by edit distance.

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  let cur: number[] = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * The candidates closest to `input` (compared case-insensitively, `-`/`_` treated alike), in the
 * order given: one, or several equally close, or none when nothing is close enough. A
 * case-insensitive exact match always wins alone.
 */
export function closest(input: string, candidates: Iterable<string>): string[] {
  const norm = (s: string): string => s.toLowerCase().replace(/-/g, '_');
  const needle = norm(input);
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(needle, norm(c));
    if (d === 0) return [c];
    const limit = Math.max(2, Math.floor(c.length / 3));
    if (d > limit || d >= c.length) continue;
    if (d < bestD) {
      best = [c];
      bestD = d;
    } else if (d === bestD && !best.includes(c)) best.push(c);
  }
  return best;
}

/** The one candidate closest to `input`, or undefined when none is close or several are equally close. */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const best = closest(input, candidates);
  return best.length === 1 ? best[0] : undefined;
}

/** "did you mean `x`?" for the one closest candidate, or undefined */
export function didYouMean(input: string, candidates: Iterable<string>, wrap: (s: string) => string = (s) => `\`${s}\``): string | undefined {
  const s = suggest(input, candidates);
  return s === undefined ? undefined : `did you mean ${wrap(s)}?`;
}

/**
 * Like didYouMean, with up to three equally close candidates named ("did you mean `User` or
 * `Uss`?" for `Usr`): for long lists, where a tie would otherwise print all of them.
 */
export function didYouMeanOneOf(input: string, candidates: Iterable<string>): string | undefined {
  const best = closest(input, candidates);
  if (best.length === 0 || best.length > 3) return undefined;
  const names = best.map((s) => `\`${s}\``);
  const last = names.pop()!;
  return `did you mean ${names.length ? `${names.join(', ')} or ${last}` : last}?`;
}
