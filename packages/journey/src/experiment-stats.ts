/**
 * The statistics behind a journey's results: intervals for a conversion rate, the p-value of a
 * difference between two, and which split variant (if any) wins an experiment. Pure numbers in,
 * numbers out, so the report, the simulator and the engine all read the same answer.
 *
 * Choices (docs/spec-readings.md, "Results and experiments"):
 * - A rate's 95% interval is Wilson's score interval: unlike the plain normal interval it stays
 *   inside [0, 1] and is honest at 0 or n conversions and for small n.
 * - Two rates are compared with the two-sided two-proportion z-test on the pooled rate.
 * - A variant wins when its rate is the highest and it beats every other variant at p < 0.05;
 *   the reported p-value is the largest of those comparisons (the weakest link), so
 *   `winner !== null` exactly when `pValue < 0.05`.
 */

/** z for a two-sided 95% interval (the 97.5th percentile of the standard normal). */
export const Z_95 = 1.959963984540054;
export const SIGNIFICANCE = 0.05;

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (erfcc): relative error below 1.2e-7 for
 * every x, which is ample for p-values reported to three figures.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Wilson's 95% score interval for `successes` out of `n`; [0, 1] when n is 0 (nothing known). */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] {
  if (n <= 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = ((z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n)));
  return [clamp01(centre - half), clamp01(centre + half)];
}

/**
 * Two-sided p-value that rates x1/n1 and x2/n2 differ (pooled two-proportion z-test); null when
 * either group is empty. Equal groups of all-or-none conversions have no spread: p is 1.
 */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = (x1 / n1 - x2 / n2) / se;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

/**
 * The difference of two rates (treated minus held out) with its 95% interval (unpooled normal
 * interval on the difference), for a holdout's uplift. Null when either group is empty.
 */
export function rateDifference(x1: number, n1: number, x2: number, n2: number): { difference: number; ci95: [number, number] } | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const difference = p1 - p2;
  return { difference, ci95: [Math.max(-1, difference - Z_95 * se), Math.min(1, difference + Z_95 * se)] };
}

/** How one variant of a split did: leads that took it, and how many of those converted. */
export interface VariantTally {
  handle: string;
  entered: number;
  converted: number;
}

export interface VariantResult {
  entered: number;
  goal: number;
  rate: number;
  ci95: [number, number];
}

export interface ExperimentResult {
  variants: Record<string, VariantResult>;
  /** Null when fewer than two variants have leads. */
  pValue: number | null;
  /** The variant that beats every other at p < 0.05, or null. */
  winner: string | null;
}

/**
 * Reads a split's tallies: each variant's rate and interval, the p-value of the best variant
 * against the rest (the largest pairwise one), and the winner if that is below 0.05. Ties for
 * the best rate have no winner.
 */
export function readExperiment(tallies: readonly VariantTally[]): ExperimentResult {
  const variants: Record<string, VariantResult> = {};
  for (const t of tallies) {
    variants[t.handle] = {
      entered: t.entered,
      goal: t.converted,
      rate: t.entered > 0 ? t.converted / t.entered : 0,
      ci95: wilsonInterval(t.converted, t.entered),
    };
  }
  const withLeads = tallies.filter((t) => t.entered > 0);
  if (withLeads.length < 2) return { variants, pValue: null, winner: null };
  const rate = (t: VariantTally): number => t.converted / t.entered;
  const best = withLeads.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  let pValue = 0;
  for (const other of withLeads) {
    if (other === best) continue;
    const p = rate(other) === rate(best) ? 1 : twoProportionPValue(best.converted, best.entered, other.converted, other.entered)!;
    pValue = Math.max(pValue, p);
  }
  return { variants, pValue, winner: pValue < SIGNIFICANCE ? best.handle : null };
}

/**
 * The Bayesian probability that variant A's true rate beats B's, with uniform Beta(1, 1) priors,
 * by the normal approximation of the two Beta posteriors (close once each side has a few dozen
 * leads; shown beside the p-value, never used to decide).
 */
export function probabilityToBeat(xa: number, na: number, xb: number, nb: number): number | null {
  if (na <= 0 || nb <= 0) return null;
  const moments = (x: number, n: number): [number, number] => {
    const a = x + 1;
    const b = n - x + 1;
    return [a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1))];
  };
  const [ma, va] = moments(xa, na);
  const [mb, vb] = moments(xb, nb);
  return normalCdf((ma - mb) / Math.sqrt(va + vb));
}

/** Median and 90th percentile (nearest rank) of durations; null for none. */
export function durationPercentiles(values: readonly number[]): { median: number; p90: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { median: rank(0.5), p90: rank(0.9) };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
