/** Label names and values of one sample. */
export type Labels = Readonly<Record<string, string>>;

/** A histogram as chatroute's `engine.metrics()` gives it: counts per bucket (not cumulative), in milliseconds. */
export interface MsHistogram {
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** A label value as the exposition format writes it: backslash, double quote and newline escaped. */
const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Writes the Prometheus text exposition format (version 0.0.4) by hand: each family once with its `# HELP` and
 * `# TYPE`, then its samples. Histograms in milliseconds are written in seconds, the format's base unit, with
 * cumulative `le` buckets, `+Inf`, `_sum` and `_count`.
 *
 * @example
 * ```ts
 * const out = new PrometheusText();
 * out.counter('chatroute_host_ws_frames_total', 'WebSocket frames', [[{ direction: 'in' }, 12]]);
 * res.end(out.toString());
 * ```
 */
export class PrometheusText {
  readonly #lines: string[] = [];
  readonly #seen = new Set<string>();

  #family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
    if (this.#seen.has(name)) throw new Error(`metric family ${name} written twice`);
    this.#seen.add(name);
    this.#lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  }

  counter(name: string, help: string, samples: Iterable<readonly [Labels, number]> | number): this {
    this.#family(name, 'counter', help);
    this.#samples(name, samples);
    return this;
  }

  gauge(name: string, help: string, samples: Iterable<readonly [Labels, number]> | number): this {
    this.#family(name, 'gauge', help);
    this.#samples(name, samples);
    return this;
  }

  /** A histogram of milliseconds, written in seconds (`name` should end in `_seconds`). */
  histogramMs(name: string, help: string, samples: Iterable<readonly [Labels, MsHistogram]>): this {
    this.#family(name, 'histogram', help);
    for (const [labels, h] of samples) {
      let running = 0;
      h.bounds.forEach((bound, i) => {
        running += h.counts[i] ?? 0;
        this.#lines.push(`${name}_bucket${labelText({ ...labels, le: number(bound / 1000) })} ${running}`);
      });
      this.#lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${h.count}`);
      this.#lines.push(`${name}_sum${labelText(labels)} ${number(h.sum / 1000)}`, `${name}_count${labelText(labels)} ${h.count}`);
    }
    return this;
  }

  #samples(name: string, samples: Iterable<readonly [Labels, number]> | number): void {
    if (typeof samples === 'number') {
      this.#lines.push(`${name} ${number(samples)}`);
      return;
    }
    for (const [labels, value] of samples) this.#lines.push(`${name}${labelText(labels)} ${number(value)}`);
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
