// Mann-Whitney U (Wilcoxon rank-sum) test, two-sided. A rank test does not care how
// heavy the tail of slow outliers is, which is what a shared machine produces.

export interface RankTest {
  u: number;
  pValue: number;
  exact: boolean;
}

function ranks(values: readonly number[]): { ranks: number[]; tieCorrection: number } {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  let tieCorrection = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    const t = j - i + 1;
    tieCorrection += t ** 3 - t;
    i = j + 1;
  }
  return { ranks: out, tieCorrection };
}

/** Number of orderings of m a's and n b's giving each U, by the classic recurrence. */
function exactDistribution(m: number, n: number): number[] {
  // Built bottom-up over (i a's, j b's); O(m * n * mn), fine for the small samples it is used on.
  let prev: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const row: number[][] = [];
    for (let j = 0; j <= n; j++) {
      const size = i * j + 1;
      const cell = new Array<number>(size).fill(0);
      if (i === 0 || j === 0) cell[0] = 1;
      else {
        const left = prev[j]!; // (i - 1, j): the largest value is an a and beats all j b's
        const down = row[j - 1]!; // (i, j - 1): the largest value is a b and adds nothing
        for (let u = 0; u < size; u++) {
          cell[u] = (u - j >= 0 && u - j < left.length ? left[u - j]! : 0) + (u < down.length ? down[u]! : 0);
        }
      }
      row.push(cell);
    }
    prev = row;
  }
  return prev[n]!;
}

export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const m = a.length;
  const n = b.length;
  const { ranks: r, tieCorrection } = ranks([...a, ...b]);
  let rankSumA = 0;
  for (let i = 0; i < m; i++) rankSumA += r[i]!;
  const uA = rankSumA - (m * (m + 1)) / 2;
  const u = Math.min(uA, m * n - uA);
  if (tieCorrection === 0 && m <= 30 && n <= 30) {
    const dist = exactDistribution(m, n);
    const total = dist.reduce((s, c) => s + c, 0);
    let tail = 0;
    for (let k = 0; k <= Math.floor(u); k++) tail += dist[k]!;
    return { u, pValue: Math.min(1, (2 * tail) / total), exact: true };
  }
  const N = m + n;
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieCorrection / (N * (N - 1))));
  if (sigma === 0) return { u, pValue: 1, exact: false };
  const z = (Math.abs(uA - (m * n) / 2) - 0.5) / sigma;
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), exact: false };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
