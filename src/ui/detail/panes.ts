// The detail view's tabs, in order: one entry per tab. The tab bar, the number keys (tab_1 …),
// the sections the DetailSource reads and the pane states all follow this list, so adding a tab
// is one more entry here. Strace and Stacks read nothing from /proc: their renderers are attached
// by the controller to the owners of the strace session and the stack capture.

import { envPane } from './env-pane.js';
import { fdsPane } from './fds-pane.js';
import { mapsPane } from './maps-pane.js';
import { memoryPane } from './memory-pane.js';
import type { PaneDef } from './pane.js';
import { stacksPane } from './stacks-pane.js';
import { statePane } from './state-pane.js';
import { stracePane } from './strace-pane.js';
import { threadsPane } from './threads-pane.js';

export const PANES: readonly PaneDef[] = [statePane, memoryPane, mapsPane, fdsPane, threadsPane, envPane, stracePane, stacksPane];

export const TAB_TITLES: readonly string[] = PANES.map((p) => p.title);

/** The tab index of the Strace and Stacks panes. */
export const STRACE_TAB = PANES.indexOf(stracePane);
export const STACKS_TAB = PANES.indexOf(stacksPane);
