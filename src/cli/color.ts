// One answer to "colour this output?": a terminal, unless NO_COLOR; FORCE_COLOR forces it.
// (picocolors' own guess also says yes for CI=true, which breaks parsed output in pipelines.)

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  if (process.env.NO_COLOR) return false;
  return stream.isTTY === true;
}
