// The one systeminformation module ptop loads (src/ui/main.ts osFacts): its osInfo alone, typed
// as the package's own declaration of it (the package's index loads every module).
declare module 'systeminformation/lib/osinfo.js' {
  export { osInfo } from 'systeminformation';
}
