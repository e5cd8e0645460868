// Renders the README's plot of a simulated day: `npx tsx examples/simulation/plot.ts` rewrites docs/simulation-day.svg.
// A test renders it again and compares, so the picture in the README is always what the simulator really does.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCharts, simulate, type SimulationConfig } from 'chatroute/simulation';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const plotPath = `${root}docs/simulation-day.svg`;

/** The three charts of `day.json`, stacked into one SVG. */
export function renderDayPlot(): string {
  const config = JSON.parse(readFileSync(`${root}examples/simulation/day.json`, 'utf8')) as SimulationConfig;
  const charts = renderCharts(simulate(config), config);
  const parts = [charts.waiting, charts.serviceLevel, charts.agents];
  const body = parts.map((svg, i) => svg.replace('<svg ', `<svg x="0" y="${i * 240}" `)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 720" width="720" height="720">\n${body}\n</svg>\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(plotPath, renderDayPlot());
  console.log(`wrote ${plotPath}`);
}
