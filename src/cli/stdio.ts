/** Errors that say the reader of an output went away (`binspect ... | head`). */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

const isClosed = (e: unknown): boolean => CLOSED.has((e as NodeJS.ErrnoException | null)?.code ?? '');

/**
 * Makes a closed standard output or error end the CLI quietly, as a Unix filter ends when the
 * reader of its pipe exits: no stack trace, no further work. The exit status is the one already
 * decided (0 when none), as a pipeline's status is its last command's. Any other uncaught error is
 * printed and exits 1, as Node does by default.
 */
export function endQuietlyOnClosedOutput(): void {
  const closed = (): never => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  const onStream = (e: unknown): void => {
    if (isClosed(e)) closed();
    throw e;
  };
  process.stdout.on('error', onStream);
  process.stderr.on('error', onStream);
  // A write that fails at once (before the stream's own 'error' event) is thrown: the same rule.
  const uncaught = (e: unknown): void => {
    if (isClosed(e)) closed();
    console.error(e);
    process.exit(1);
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', uncaught);
}
