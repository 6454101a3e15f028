import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationPercentiles,
  normalCdf,
  probabilityToBeat,
  rateDifference,
  readExperiment,
  twoProportionPValue,
  wilsonInterval,
} from './experiment-stats.js';

// Known values computed with scipy.stats (norm.cdf, norm.sf) and Wilson's formula in Python.
describe('normalCdf', () => {
  it('matches the standard normal at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    expect(normalCdf(2.5)).toBeCloseTo(0.9937903346742238, 6);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
  });

  it('is symmetric and increasing', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0.001, max: 3, noNaN: true }), (z, step) => {
        expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 6);
        expect(normalCdf(z + step)).toBeGreaterThanOrEqual(normalCdf(z));
      }),
    );
  });
});

describe('wilsonInterval', () => {
  it('matches known intervals', () => {
    const [lo, hi] = wilsonInterval(10, 100);
    expect(lo).toBeCloseTo(0.0552291370606751, 9);
    expect(hi).toBeCloseTo(0.17436566150491345, 9);
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775327998628892, 9);
    const [lo45, hi45] = wilsonInterval(45, 60);
    expect(lo45).toBeCloseTo(0.6276792992295218, 9);
    expect(hi45).toBeCloseTo(0.8422347746994333, 9);
  });

  it('says nothing is known with no leads', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('always holds the observed rate and stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const x = Math.round(share * n);
        const [lo, hi] = wilsonInterval(x, n);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(x / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });
});

describe('twoProportionPValue', () => {
  it('matches the pooled z-test', () => {
    expect(twoProportionPValue(30, 100, 10, 100)).toBeCloseTo(0.00040695201744495973, 6);
    expect(twoProportionPValue(120, 1000, 100, 1000)).toBeCloseTo(0.1529177818639462, 6);
  });

  it('is null with an empty group and 1 with no spread', () => {
    expect(twoProportionPValue(0, 0, 3, 10)).toBeNull();
    expect(twoProportionPValue(0, 10, 0, 20)).toBe(1);
    expect(twoProportionPValue(10, 10, 5, 5)).toBe(1);
  });

  it('is symmetric, in [0, 1], and 1 for equal rates', () => {
    const group = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const p = twoProportionPValue(x1, n1, x2, n2)!;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(twoProportionPValue(x2, n2, x1, n1)).toBeCloseTo(p, 12);
        expect(twoProportionPValue(x1, n1, x1, n1)).toBeCloseTo(1, 6);
      }),
    );
  });
});

describe('readExperiment', () => {
  it('names B the winner when it converts 30% against 10%', () => {
    const result = readExperiment([
      { handle: 'A', entered: 100, converted: 10 },
      { handle: 'B', entered: 100, converted: 30 },
    ]);
    expect(result.winner).toBe('B');
    expect(result.pValue).toBeCloseTo(0.000407, 5);
    expect(result.variants.B).toMatchObject({ entered: 100, goal: 30, rate: 0.3 });
  });

  it('names no winner for equal rates, nor with one variant having leads', () => {
    expect(readExperiment([{ handle: 'A', entered: 200, converted: 20 }, { handle: 'B', entered: 100, converted: 10 }])).toMatchObject({ winner: null, pValue: 1 });
    expect(readExperiment([{ handle: 'A', entered: 50, converted: 20 }, { handle: 'B', entered: 0, converted: 0 }])).toMatchObject({ winner: null, pValue: null });
  });

  it('with three variants, the best must beat every other: the weakest comparison is the p-value', () => {
    const result = readExperiment([
      { handle: 'A', entered: 100, converted: 10 },
      { handle: 'B', entered: 100, converted: 30 },
      { handle: 'C', entered: 100, converted: 28 },
    ]);
    expect(result.winner).toBeNull();
    expect(result.pValue).toBeCloseTo(twoProportionPValue(30, 100, 28, 100)!, 12);
  });

  it('declares a winner exactly when the p-value is below 0.05', () => {
    const tally = fc.integer({ min: 0, max: 400 }).chain((n) => fc.integer({ min: 0, max: n }).map((converted) => ({ entered: n, converted })));
    fc.assert(
      fc.property(fc.array(tally, { minLength: 2, maxLength: 4 }), (tallies) => {
        const result = readExperiment(tallies.map((t, i) => ({ handle: `v${i}`, ...t })));
        if (result.pValue === null) expect(result.winner).toBeNull();
        else expect(result.winner !== null).toBe(result.pValue < 0.05);
      }),
    );
  });
});

describe('rateDifference', () => {
  it('gives the uplift and its unpooled interval', () => {
    const d = rateDifference(30, 100, 10, 100)!;
    expect(d.difference).toBeCloseTo(0.2, 12);
    const se = Math.sqrt(0.3 * 0.7 / 100 + 0.1 * 0.9 / 100);
    expect(d.ci95[0]).toBeCloseTo(0.2 - 1.959963984540054 * se, 12);
    expect(d.ci95[1]).toBeCloseTo(0.2 + 1.959963984540054 * se, 12);
    expect(rateDifference(1, 0, 1, 1)).toBeNull();
  });
});

describe('probabilityToBeat', () => {
  it('is one half for equal groups and near 1 for a clear lead', () => {
    expect(probabilityToBeat(10, 100, 10, 100)).toBeCloseTo(0.5, 6);
    expect(probabilityToBeat(30, 100, 10, 100)!).toBeGreaterThan(0.999);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (xa, xb) => {
        expect(probabilityToBeat(xa, 50, xb, 50)! + probabilityToBeat(xb, 50, xa, 50)!).toBeCloseTo(1, 6);
      }),
    );
  });
});

describe('durationPercentiles', () => {
  it('takes the nearest rank', () => {
    expect(durationPercentiles([])).toBeNull();
    expect(durationPercentiles([5])).toEqual({ median: 5, p90: 5 });
    expect(durationPercentiles([10, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ median: 5, p90: 9 });
  });
});
