// The Ink side of the interactive view: it only renders the controller's Frame (one line per
// terminal row) and feeds key presses and terminal size back to it.
//
// Each line is a <Transform> over a fixed placeholder of spaces whose transform returns the
// pre-painted line. Measured on Ink 6.8, 200x50, 49 rows changing every frame, NODE_ENV=production,
// 300 frames per variant, two alternating runs on a busy 2-core box (median onRender renderTime /
// median wall time of the whole update incl. React and Yoga / heap growth after GC):
//   nested <Text color> spans per cell ............ 20-21 ms / 32-36 ms / +7.7-7.9 MB
//   one <Text> per row holding a pre-painted line .. 21-33 ms / 31-40 ms / +8.4-8.8 MB (+28 MB at 1000)
//   <Transform> over a constant placeholder ........ 17-27 ms / 19-26 ms / +0.4-0.5 MB
// The heap growth is Ink's text-measurement cache (measure-text.js: a module-level Map keyed by
// every distinct text ever laid out, never cleared): with the text in a <Text>, each new value of a
// changing row is kept forever; the placeholder is the only text Yoga ever measures, so nothing
// accumulates, and unchanged layout is not re-measured either. Lines are cut to the width before
// they get here, so Ink never wraps or truncates (its wrap cache is unbounded too).

import React, { memo, useEffect, useLayoutEffect, useSyncExternalStore } from 'react';
import { Box, render, Transform, useApp, useStdin, useStdout, type Instance } from 'ink';
import type { Controller, Size } from './controller.js';
import { keysFromInput, parseMouse } from './keys.js';

const placeholders = new Map<number, string>();

function placeholder(width: number): string {
  let p = placeholders.get(width);
  if (p === undefined) {
    p = ' '.repeat(Math.max(1, width));
    placeholders.set(width, p);
  }
  return p;
}

/** One screen line; re-rendered only when its text changes. */
export const Line = memo(function Line({ text, width }: { text: string; width: number }) {
  return <Transform transform={() => text}>{placeholder(width)}</Transform>;
});

/** The terminal's size from a stream (fallbacks for pipes and test streams without rows). */
export function readSize(stdout: NodeJS.WriteStream): Size {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/**
 * Tell the controller the terminal size: from `size` when given (tests), else from stdout and
 * its resize events. The listener is prepended so the controller has the new frame before Ink's
 * own resize handler redraws.
 */
function useTerminalSize(controller: Controller, size: Size | undefined): void {
  const { stdout } = useStdout();
  useLayoutEffect(() => {
    if (size) controller.setSize(size);
  }, [controller, size?.columns, size?.rows]);
  useEffect(() => {
    if (size) return;
    const onResize = () => controller.setSize(readSize(stdout));
    onResize();
    stdout.prependListener('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [controller, stdout, size === undefined]);
}

/**
 * Raw input → key names (or mouse reports) → the controller. One listener for the whole app (the
 * controller routes keys to the open dialog first), so F-keys and modifiers that Ink's useInput
 * does not name arrive intact.
 */
function useKeys(controller: Controller, onInputSeen?: (raw: string) => void): void {
  const { internal_eventEmitter: emitter, setRawMode, isRawModeSupported } = useStdin();
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const onInput = (raw: string) => {
      onInputSeen?.(raw);
      const mouse = parseMouse(raw);
      if (mouse) controller.handleMouse(mouse);
      else for (const key of keysFromInput(raw)) controller.handleKey(key);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.removeListener('input', onInput);
    };
  }, [emitter, controller, onInputSeen]);
}

export interface AppProps {
  controller: Controller;
  /** the terminal size; when omitted it is read from stdout and follows resizes */
  size?: Size;
  /** told of every chunk of input before it is handled (PTOP_PERF_LOG) */
  onInput?: (raw: string) => void;
}

export function App({ controller, size, onInput }: AppProps) {
  const { exit } = useApp();
  useEffect(() => {
    controller.onQuit = () => exit();
  }, [controller, exit]);
  useTerminalSize(controller, size);
  useKeys(controller, onInput);
  const frame = useSyncExternalStore(controller.subscribe, controller.getFrame);
  return (
    <Box flexDirection="column" height={frame.height}>
      {frame.lines.map((l) => (
        <Line key={l.key} text={l.text} width={frame.width} />
      ))}
    </Box>
  );
}

export interface MountOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  /** called after every frame Ink renders, with its render time */
  onRender?: (ms: number) => void;
  /** called with every chunk of input as it arrives */
  onInput?: (raw: string) => void;
}

/** Render the app full-screen (the caller has switched to the alternate screen). */
export function mountApp(controller: Controller, o: MountOptions): Instance {
  return render(<App controller={controller} onInput={o.onInput} />, {
    stdout: o.stdout,
    stdin: o.stdin,
    stderr: o.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: false,
    maxFps: 30,
    onRender: o.onRender ? (m) => o.onRender!(m.renderTime) : undefined,
  });
}
