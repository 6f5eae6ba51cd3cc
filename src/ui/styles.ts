// The interactive view's colours: the theme's [ui] specs and the table's cell styles, painted with
// the theme's painter into ANSI strings.
//
// Inverse video is reserved for the selection bar (and the key bar's labels, as in htop), so the
// selected row can always be told apart — on the mono theme it is the only inverse thing in the
// table. Any other spec that asks for `inverse` (mono's table header, status_error, zombie cells)
// gets `underline` instead here. With colour off (NO_COLOR, --color never) the view still needs a
// visible selection, so it uses the mono theme's [ui] specs with a modifiers-only painter.

import { builtinThemesDir, createPainter, loadTheme, type Theme, type UiKey } from '../model/theme.js';
import type { Painter } from '../model/paint.js';
import { join } from 'node:path';

/** Specs that keep their `inverse`. */
const INVERSE_ALLOWED: ReadonlySet<UiKey> = new Set(['selected', 'key_bar_label', 'tab_active']);

/** `inverse` → `underline` in both halves of a spec. */
export function withoutInverse(spec: string): string {
  if (!/\binverse\b/i.test(spec)) return spec;
  return spec
    .split('|')
    .map((half) => {
      const toks = half.trim().split(/\s+/).filter((t) => t !== '');
      const out: string[] = [];
      for (const t of toks) {
        const w = t.toLowerCase() === 'inverse' ? 'underline' : t;
        if (!out.some((o) => o.toLowerCase() === w.toLowerCase())) out.push(w);
      }
      return out.join(' ');
    })
    .join('|');
}

export interface UiStyles {
  painter: Painter;
  /** the theme's [ui] spec for a key, with inverse reserved */
  ui(key: UiKey): string;
  /** paint with a [ui] key */
  paint(key: UiKey, text: string): string;
  /** a table cell's spec with inverse reserved (cached) */
  cell(spec: string | undefined): string | undefined;
  /** the selection bar shown while a menu has the keyboard: `selected` without inverse */
  unfocusedSelected: string;
}

/** Styles for a theme; `color` false = modifiers only, from the mono theme. */
export function createUiStyles(theme: Theme, color: boolean, monoTheme?: () => Theme): UiStyles {
  const source = color ? theme : (monoTheme ?? loadMonoTheme)();
  const painter = color ? createPainter(theme, true) : createPainter({ variant: theme.variant, monochrome: true }, true);
  const specs = new Map<UiKey, string>();
  const ui = (key: UiKey): string => {
    let s = specs.get(key);
    if (s === undefined) {
      const raw = source.ui[key];
      s = INVERSE_ALLOWED.has(key) ? raw : withoutInverse(raw);
      specs.set(key, s);
    }
    return s;
  };
  const cells = new Map<string, string>();
  return {
    painter,
    ui,
    paint: (key, text) => painter.paint(ui(key), text),
    cell(spec) {
      if (!spec) return spec;
      let s = cells.get(spec);
      if (s === undefined) {
        s = withoutInverse(spec);
        cells.set(spec, s);
      }
      return s;
    },
    unfocusedSelected: withoutInverse(source.ui.selected),
  };
}

function loadMonoTheme(): Theme {
  return loadTheme(join(builtinThemesDir(), 'mono.toml'));
}
