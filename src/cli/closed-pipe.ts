// A reader that goes away (`hotspy ... | head -1`) is not an error: hotspy stops writing to that
// stream and exits quietly, as ruff and ripgrep do. Node reports a broken pipe as an 'error' event
// on the stream, which would otherwise crash the process with an unhandled EPIPE.

let stdoutClosed = false;

/** Installs the handlers once; stdout and stderr may each be a pipe whose reader leaves. */
export function tolerateClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!isClosedPipe(error)) throw error;
      if (stream === process.stdout) stdoutClosed = true;
    });
  }
}

/** True once a write to stdout failed because its reader went away. */
export function stdoutWasClosed(): boolean {
  return stdoutClosed;
}

export function isClosedPipe(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as NodeJS.ErrnoException).code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}
