/**
 * Loads an ES-only package from this CommonJS build. tsc (module commonjs) rewrites `import()` into
 * `require()`, and Node's require() of ESM refuses a module graph with a top-level await, which
 * vega has (vega-canvas awaits an optional `import("canvas")`). An `import()` built with Function
 * is out of tsc's reach, so Node's own ESM loader runs it.
 */
import { pathToFileURL } from "node:url";

const nativeImport = new Function("url", "return import(url)") as (url: string) => Promise<unknown>;

/** The namespace of ES module `specifier`, resolved from this package's node_modules. */
export async function importEsm<T>(specifier: string): Promise<T> {
  try {
    // Resolved here, not by the loader, so that the result does not depend on the current directory.
    return (await nativeImport(pathToFileURL(require.resolve(specifier)).href)) as T;
  } catch (err) {
    // Under vitest, modules run as vm scripts that have no dynamic-import hook, so the Function's
    // import() cannot run; there the source is compiled as ESM and its own import() is left as is.
    if ((err as NodeJS.ErrnoException).code !== "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING") throw err;
    return (await import(specifier)) as T;
  }
}
