// Machine-readable output for bench, complexity and gate: the result object itself,
// raw values included, so nothing measured is lost.
export function renderBenchJson(result: object): string {
  return JSON.stringify(result, null, 2) + '\n';
}
