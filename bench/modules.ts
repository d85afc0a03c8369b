/**
 * Counting the modules a process loads: a module loader hook (Node >= 20.6, `module.register`)
 * that appends each loaded module's URL to the file named by {@link MODULE_LOG_ENV}. Used by
 * bench/startup.ts and test/cli/startup.test.ts; never in a timed run (the hook runs off-thread
 * and slows loading).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The environment variable naming the file the hook appends to. */
export const MODULE_LOG_ENV = 'BINSPECT_MODULE_LOG';

/** Writes the hook into `dir`; returns the module to pass to `node --import`. */
export function moduleLogHook(dir: string): string {
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(log, url + '\\n'); return next(url, context); }
`);
  writeFileSync(register, `import { register } from 'node:module';
register(${JSON.stringify(`file://${hooks}`)}, { data: { log: process.env.${MODULE_LOG_ENV} } });
`);
  return register;
}
