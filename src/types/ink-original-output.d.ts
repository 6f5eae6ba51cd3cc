// Ink's own Output class (node_modules/ink/build/output.js), under the name scripts/build.mjs and
// vitest resolve it by (see src/ui/ink-line-output.ts).
declare module 'ink-original-output' {
  export default class Output {
    width: number;
    height: number;
    constructor(options: { width: number; height: number });
    write(x: number, y: number, text: string, options: { transformers: ((line: string, index: number) => string)[] }): void;
    clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
    unclip(): void;
    get(): { output: string; height: number };
  }
}
