// The painting contract between the theme (which knows colours) and the renderers (which know
// text). A colour spec is a string from the config or a theme: a name ("BrightGreen"), a
// 256-colour index ("223"), "#rrggbb", optionally "DARK|LIGHT", optionally with modifiers
// ("bold", "dim", "underline", "inverse", e.g. "BrightWhite bold").

export interface Painter {
  /** false when colour is off (NO_COLOR, --color never, not a TTY): paint() returns text unchanged */
  readonly enabled: boolean;
  /** wrap text in the SGR codes for a colour spec (foreground); undefined/'' spec = text unchanged */
  paint(spec: string | undefined, text: string): string;
}

/** A painter that never colours: for pipes, NO_COLOR and tests. */
export const plainPainter: Painter = {
  enabled: false,
  paint: (_spec, text) => text,
};
