// The interactive UI's entry. Until the full-screen table lands (issue 3), a terminal shows the
// ps view once, which the foundation issue allows.

import type { Settings } from '../cli/settings.js';
import { runPsMode } from '../cli/ps.js';

export async function runInteractive(settings: Settings): Promise<number> {
  return runPsMode(settings, process.stdout);
}
