import { ChatrouteError } from '../errors/ChatrouteError';
import type { RandomSource } from '../random/createRandom';

/**
 * A distribution of durations in seconds: `exponential` (mean), `lognormal` (mean and standard deviation of the
 * duration itself), `fixed` (always `value`), or `empirical` (uniformly one of `values`, e.g. measured ones).
 */
export type Distribution =
  | { distribution: 'exponential'; mean: number }
  | { distribution: 'lognormal'; mean: number; sd: number }
  | { distribution: 'fixed'; value: number }
  | { distribution: 'empirical'; values: number[] };

/** A sampler drawing from a distribution with an injected random source. */
export type Sampler = () => number;

const invalid = (where: string, message: string): never => {
  throw new ChatrouteError('invalid-config', `${where}: ${message}`);
};

const positive = (value: unknown, where: string): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : invalid(where, `must be a finite number >= 0, got ${String(value)}`);

/** Draws u in (0, 1]: never 0, so logarithms stay finite. */
const open01 = (rng: RandomSource): number => 1 - rng();

/**
 * Builds a sampler. Lognormal is parametrised by the mean and standard deviation of the duration (what a contact
 * center measures), converted to the underlying normal's μ and σ: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
 * Throws `ChatrouteError('invalid-config')` for a malformed distribution, naming `where`.
 *
 * @example
 * ```ts
 * import { createRandom } from 'chatroute';
 * import { createSampler } from 'chatroute/simulation';
 * const handleTime = createSampler({ distribution: 'lognormal', mean: 300, sd: 120 }, createRandom(1), 'handleTimeSec');
 * handleTime(); // seconds, e.g. 241.7
 * ```
 */
export function createSampler(spec: Distribution, rng: RandomSource, where: string): Sampler {
  switch (spec?.distribution) {
    case 'exponential': {
      const mean = positive(spec.mean, `${where}.mean`);
      return () => -mean * Math.log(open01(rng));
    }
    case 'fixed': {
      const value = positive(spec.value, `${where}.value`);
      return () => value;
    }
    case 'lognormal': {
      const mean = positive(spec.mean, `${where}.mean`);
      const sd = positive(spec.sd, `${where}.sd`);
      if (mean === 0) return () => 0;
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      // Box–Muller: one standard normal per draw (the second is dropped to keep draws independent of call order).
      return () => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(open01(rng))) * Math.cos(2 * Math.PI * rng()));
    }
    case 'empirical': {
      if (!Array.isArray(spec.values) || spec.values.length === 0) invalid(`${where}.values`, 'must be a non-empty array');
      const values = spec.values.map((v, i) => positive(v, `${where}.values[${i}]`));
      return () => values[Math.floor(rng() * values.length)] as number;
    }
    default:
      return invalid(where, `distribution must be 'exponential', 'lognormal', 'fixed' or 'empirical', got ${JSON.stringify(spec)}`);
  }
}

/**
 * The mean of a distribution, for reports and offered-load figures.
 *
 * @example
 * ```ts
 * meanOf({ distribution: 'empirical', values: [60, 120] }); // 90
 * ```
 */
export function meanOf(spec: Distribution): number {
  switch (spec.distribution) {
    case 'exponential':
    case 'lognormal':
      return spec.mean;
    case 'fixed':
      return spec.value;
    case 'empirical':
      return spec.values.reduce((a, b) => a + b, 0) / spec.values.length;
  }
}
