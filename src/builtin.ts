// Node's built-in modules loaded when first needed, without node:module: loading node:module
// (for createRequire) pulls in Node's ESM loader and source maps, ~1 ms of every `ptop --once`.
// process.getBuiltinModule is there from Node 20.16; before it, the bundles' own `require`
// (dist/cli-main.js is CommonJS, the .mjs chunks define one in their banner).

declare const require: ((id: string) => unknown) | undefined;

export function builtinModule<T>(id: string): T {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof get === 'function') return get(id) as T;
  if (typeof require === 'function') return require(id) as T;
  throw new Error(`cannot load ${id} on Node ${process.version}`);
}

/** Load a Node-API addon (.node) from an absolute path, as require() would. */
export function loadAddon<T>(file: string): T {
  const mod = { exports: {} as T };
  process.dlopen(mod, file);
  return mod.exports;
}
