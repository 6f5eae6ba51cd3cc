// The column kinds ptop documents (config.example.toml); the registry supplies the real list at
// runtime, these tests only need a stable one.
export const KINDS: readonly string[] = (
  'Pid Ppid Pgid Session User Uid State Nice Priority Policy Threads Processor UsageCpu UsageMem ' +
  'CpuTime StartTime ElapsedTime Tty VmSize VmRss Pss Uss Swap VmHwm Shared ReadBytes WriteBytes Fds ' +
  'MinFlt MajFlt ContextSw Wchan Cgroup Container WorkDir Exe Comm Command'
).split(' ');
