import { main } from '../../src/cli/main.js';

/** What one in-process run of the CLI gave: its exit status and everything it wrote to each stream. */
export interface InProcessRun { status: number; out: string; err: string }

/**
 * The CLI in this process (`main` may answer with a number or a promise of it), run from `cwd` when
 * given (the working directory is restored afterwards, whatever happens).
 */
export async function runCli(args: string[], cwd?: string): Promise<InProcessRun> {
  let out = '';
  let err = '';
  const prev = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const status = await main(args, (s) => { out += s; }, (s) => { err += s; });
    return { status, out, err };
  } finally {
    process.chdir(prev);
  }
}
