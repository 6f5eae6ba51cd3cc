// The detail view's tabs, in order: one entry per tab. The tab bar, the number keys (tab_1 …),
// the sections the DetailSource reads and the pane states all follow this list, so adding a tab
// (Strace, Stacks) is one more entry here.

import { envPane } from './env-pane.js';
import { fdsPane } from './fds-pane.js';
import { mapsPane } from './maps-pane.js';
import { memoryPane } from './memory-pane.js';
import type { PaneDef } from './pane.js';
import { statePane } from './state-pane.js';
import { threadsPane } from './threads-pane.js';

export const PANES: readonly PaneDef[] = [statePane, memoryPane, mapsPane, fdsPane, threadsPane, envPane];

export const TAB_TITLES: readonly string[] = PANES.map((p) => p.title);
