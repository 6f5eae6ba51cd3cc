// The trace actions' public API in one place, for the UI (strace pane, stacks pane, gcore status
// line) and the exit paths. Everything here runs external tools through the children registry,
// never blocks the event loop for long, never throws for a tool's failure (errors come back in
// words), and sanitizes what the tools print.
//
//   strace tail:  new StraceSession(opts) → subscribe(fn) → start(pid, { args, stringLimit })
//                 → ring.at(i) / ring.length / ring.totalSeen / summary.snapshot(n) → stop() → saveTo(path)
//   gstack:       await captureStacks(pid) → { ok, capture | error } → saveStacks(capture, path)
//   gcore:        planCore(pid, { dir, confirmBytes }) → startCore(pid, { dir, expectedBytes })
//                 → subscribe(fn) (progress, done, failed, cancelled) → cancel()
//   exit paths:   endAll() (synchronous): ends every tool, continues inspected processes, removes
//                 partial cores.

export { endAll, liveChildren, startChild, type ChildExit, type DeathMode, type StartChildOptions, type TrackedChild } from './children.js';
export { defaultSaveDir, ensurePrivateDir, fileTimestamp, safeName, savePath, stateHome, writeExclusive } from './files.js';
export {
  checkSpace,
  coreFileName,
  CoreCapture,
  estimateCoreSize,
  formatBytes,
  planCore,
  resolveCoreDir,
  startCore,
  type CoreEstimate,
  type CoreEvent,
  type CorePlan,
  type CoreState,
  type StartCoreOptions,
} from './gcore.js';
export {
  captureStacks,
  formatFrame,
  formatStacks,
  parseEuStack,
  parseGdbBacktrace,
  saveStacks,
  type CaptureOptions,
  type StackCapture,
  type StackFrame,
  type StackResult,
  type StackTool,
  type ThreadStack,
} from './gstack.js';
export { Ring, SyscallSummary, type SummarySnapshot, type SyscallStat } from './ring.js';
export { isCompleteCall, isError, parseStraceLine, StraceJoiner, type StraceKind, type StraceLine } from './strace-parse.js';
export { StraceSession, type StraceEvent, type StraceSessionOptions, type StraceStartOptions, type StraceStatus } from './strace-session.js';
export { explainPtraceDenied, procState, tracerPid } from './target.js';
export { missingToolMessage, resolveTools, tools, type ToolName, type ToolPaths } from './tools.js';
