// Re-exports every pure /proc parser; nothing in ./parse touches the file system.
export * from './stat.js';
export * from './status.js';
export * from './statm.js';
export * from './cmdline.js';
export * from './environ.js';
export * from './io.js';
export * from './smaps.js';
export * from './maps.js';
export * from './fd.js';
export * from './net.js';
export * from './cgroup.js';
export * from './limits.js';
export * from './wchan.js';
export * from './task.js';
export * from './system.js';
export * from './util.js';
