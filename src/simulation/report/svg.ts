/** Minimal SVG charts for reports: no dependencies, deterministic output, readable in any browser. */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface ChartOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  /** Labels of the x positions (e.g. times of day); a subset is drawn. */
  readonly xLabels: readonly string[];
  readonly yMax?: number;
  readonly yFormat?: (value: number) => string;
  /** Stack the series as areas (agent states) instead of drawing lines. */
  readonly stacked?: boolean;
  /** A horizontal reference line (e.g. a service-level target). */
  readonly target?: { readonly value: number; readonly label: string };
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Nice upper bound for an axis: 1, 2 or 5 times a power of ten. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((m) => m * power >= max) ?? 10) * power;
}

/** A line or stacked-area chart as an SVG element string. */
export function chart(series: readonly Series[], options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 240;
  const pad = { left: 52, right: 130, top: 28, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const stackedTotals = Array.from({ length: n }, (_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const rawMax = options.stacked ? Math.max(0, ...stackedTotals) : Math.max(0, ...series.flatMap((s) => s.values));
  const yMax = options.yMax ?? niceMax(rawMax);
  const fmt = options.yFormat ?? ((v: number) => round(v));
  const x = (i: number) => pad.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => pad.top + plotH - (Math.min(v, yMax) / yMax) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="${pad.left}" y="16" font-size="13" font-weight="600">${escape(options.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${round(y(v))}" y2="${round(y(v))}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${round(y(v) + 4)}" text-anchor="end" fill="#6b7280">${escape(fmt(v))}</text>`);
  }
  const step = Math.max(1, Math.ceil(n / 12));
  options.xLabels.forEach((label, i) => {
    if (i % step === 0) parts.push(`<text x="${round(x(i))}" y="${height - 8}" text-anchor="middle" fill="#6b7280">${escape(label)}</text>`);
  });
  if (options.stacked) {
    const base = new Array<number>(n).fill(0);
    for (const s of series) {
      const top = base.map((b, i) => b + (s.values[i] ?? 0));
      const upper = top.map((v, i) => `${round(x(i))},${round(y(v))}`);
      const lower = base.map((v, i) => `${round(x(i))},${round(y(v))}`).reverse();
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.85"/>`);
      top.forEach((v, i) => (base[i] = v));
    }
  } else {
    for (const s of series) {
      const points = s.values.map((v, i) => `${round(x(i))},${round(y(v))}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
  }
  if (options.target !== undefined) {
    const ty = round(y(options.target.value));
    parts.push(`<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${ty}" y2="${ty}" stroke="#dc2626" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${pad.left + plotW - 4}" y="${Number(ty) - 4}" text-anchor="end" fill="#dc2626">${escape(options.target.label)}</text>`);
  }
  series.forEach((s, i) => {
    const ly = pad.top + 6 + i * 16;
    parts.push(`<rect x="${pad.left + plotW + 12}" y="${ly - 8}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${pad.left + plotW + 28}" y="${ly + 1}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
