/**
 * `report.html`: one self-contained page of a run or a sweep — its parameters, its key figures and
 * its charts — that opens from disk with no server and no network: no script, no stylesheet or
 * font to fetch, every chart an `<img>` of its SVG as a data URI (each chart its own document, so
 * Vega's ids cannot clash between charts). Beside it, `charts/<name>.svg` and `charts/<name>.png`.
 * No clock and no path outside the results goes in: the same results give the same bytes.
 */
import { join } from 'node:path';
import type { ResultFolder, Row, SweepFolder } from '../scenario/results.js';
import { VERSION } from '../version.js';
import { type Chart, pngOf, sweepFinal, valueLabel } from './charts.js';
import { finalKpis, NETWORK_KPIS, SUBNET_KPIS } from './kpis.js';
import { writeFileAtomic } from './write.js';

export const REPORT_FILE = 'report.html';
export const CHARTS_DIR = 'charts';

export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ReportPage {
  readonly title: string;
  readonly parameters: readonly (readonly [string, string])[];
  readonly tables: readonly Table[];
  readonly charts: readonly Chart[];
}

const escapeHtml = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Six significant digits for the statistics of a sweep (shortest form; the CSVs keep every digit). */
const short = (v: string | undefined): string => (v === undefined || v === '' ? '' : String(Number(Number(v).toPrecision(6))));

const lastEpochRows = (rows: readonly Row[]): Row[] => {
  const last = rows[rows.length - 1]?.epoch;
  return rows.filter((r) => r.epoch === last);
};

export function runPage(r: ResultFolder, charts: readonly Chart[]): ReportPage {
  const m = r.meta;
  const overrides = Array.isArray(m.overrides) && m.overrides.length > 0 ? m.overrides.map(text).join('  ') : 'none';
  // wall time is left out: a report of the same results is the same, however long the run took
  const parameters: [string, string][] = [
    ['scenario', text(m.scenario)],
    ['scenario file', text(m.scenario_file)],
    ['seed', text(m.seed)],
    ['scenario hash', text(m.scenario_hash)],
    ['overrides', overrides],
    ['epochs', text(m.epochs)],
    ['blocks per epoch', text(m.blocks_per_epoch)],
    ['block step', text(m.block_step)],
    ['blocks', `${text(m.start_block)} – ${text(m.end_block)}`],
    ['invariants checked', text(m.check)],
    ['taosim version', text(m.taosim_version)],
    ['node version', text(m.node_version)],
  ];
  const f = finalKpis({ network: r.network, subnets: r.subnets });
  const epoch = r.network[r.network.length - 1]?.epoch ?? '';
  const tables: Table[] = [
    { title: `Network at the final epoch (${epoch})`, header: [...NETWORK_KPIS], rows: [NETWORK_KPIS.map((k) => f.network[k] ?? '')] },
    {
      title: `Subnets at the final epoch (${epoch})`,
      header: ['netuid', ...SUBNET_KPIS],
      rows: [...f.subnets.keys()].sort((a, b) => a - b).map((n) => [String(n), ...SUBNET_KPIS.map((k) => f.subnets.get(n)?.[k] ?? '')]),
    },
  ];
  if (r.strategies !== undefined) {
    const total = (g: Row, c: 'entries' | 'exits'): string =>
      String(r.strategies!.filter((x) => x.class === g.class && x.strategy === g.strategy).reduce((a, x) => a + Number(x[c]), 0));
    tables.push({
      title: `Agents by strategy at the final epoch (${epoch}; entries and exits: the run's total)`,
      header: ['class', 'strategy', 'agents', 'wealth_tao', 'rewards_tao', 'apy', 'entries', 'exits'],
      rows: lastEpochRows(r.strategies).map((g) => [g.class!, g.strategy!, g.agents!, g.wealth_tao!, g.rewards_tao!, g.apy!, total(g, 'entries'), total(g, 'exits')]),
    });
  }
  return { title: `taosim run: ${text(m.scenario)}, seed ${text(m.seed)}`, parameters, tables, charts };
}

export function sweepPage(s: SweepFolder, charts: readonly Chart[], top: number): ReportPage {
  const d = s.definition;
  const scenario = text(s.runMeta?.scenario) || '(no complete run)';
  const count = (status: string): number => s.index.filter((r) => r.status === status).length;
  const parameters: [string, string][] = [
    ['scenario', scenario],
    ['scenario hash (before the sweep)', d.scenario_hash],
    ['swept keys', d.keys.join(', ') || 'none (replicates only)'],
    ['parameter points', String(d.points.length)],
    ['seeds', d.seeds.join(', ')],
    ['runs', `${s.index.length}: ${count('complete')} complete, ${count('failed')} failed, ${count('missing')} missing`],
    ['epochs per run', d.epochs === null ? "the scenario's" : String(d.epochs)],
    ['block step', d.block_step === null ? "the scenario's" : String(d.block_step)],
    ['neurons.csv', d.neurons],
    ['taosim version', text(s.runMeta?.taosim_version)],
  ];
  const complete = new Map<string, number>();
  for (const r of s.index) if (r.status === 'complete') complete.set(r.point!, (complete.get(r.point!) ?? 0) + 1);
  const tables: Table[] = [
    {
      title: 'Parameter points',
      header: ['point', ...d.keys, 'complete seeds'],
      rows: d.points.map((p) => [p.id, ...p.values.map(valueLabel), String(complete.get(p.id) ?? 0)]),
    },
  ];
  const failed = s.index.filter((r) => r.status !== 'complete');
  if (failed.length > 0) tables.push({ title: 'Runs not complete', header: ['run', 'seed', ...d.keys, 'status', 'error'], rows: failed.map((r) => [r.run!, r.seed!, ...d.keys.map((k) => r[k] ?? ''), r.status!, r.error ?? '']) });

  const { epoch: lastEpoch, rows: final, subnets, all } = sweepFinal(s, top);
  const kpis = [...NETWORK_KPIS, ...subnets.flatMap((n) => SUBNET_KPIS.map((k) => `sn${n}.${k}`))];
  const at = new Map(final.map((r) => [`${r.point}\u0000${r.kpi}`, r]));
  const withData = d.points.filter((p) => final.some((r) => r.point === p.id));
  if (withData.length > 0)
    tables.push({
      title: `KPIs at the final epoch (${lastEpoch}): median [p5, p95] across seeds${all > subnets.length ? ` (the top ${subnets.length} of ${all} subnets by final median share)` : ''}`,
      header: ['kpi', ...withData.map((p) => [p.id, ...d.keys.map((k, j) => `${k}=${valueLabel(p.values[j])}`)].join(' '))],
      rows: kpis.map((k) => [
        k,
        ...withData.map((p) => {
          const r = at.get(`${p.id}\u0000${k}`);
          return r === undefined ? '' : `${short(r.p50)} [${short(r.p5)}, ${short(r.p95)}]`;
        }),
      ]),
    });
  return { title: `taosim sweep: ${scenario}, ${d.points.length} point${d.points.length === 1 ? '' : 's'} × ${d.seeds.length} seed${d.seeds.length === 1 ? '' : 's'}`, parameters, tables, charts };
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}
th,td{border:1px solid #ccc;padding:0.2rem 0.5rem;text-align:left;vertical-align:top}
td{font-variant-numeric:tabular-nums}
.table{overflow-x:auto}
figure{margin:1rem 0 2rem}
figure img{max-width:100%;height:auto;display:block}
figcaption{font-size:0.85rem;color:#555}
nav a{margin-right:1rem}`;

const svgSize = (svg: string): { width: string; height: string } => {
  const tag = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
  return { width: /\swidth="([\d.]+)"/.exec(tag)?.[1] ?? '640', height: /\sheight="([\d.]+)"/.exec(tag)?.[1] ?? '320' };
};

function tableHtml(t: Table): string {
  const row = (cells: readonly string[], tag: string): string => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<h3>${escapeHtml(t.title)}</h3>\n<div class="table"><table>\n<thead>${row(t.header, 'th')}</thead>\n<tbody>\n${t.rows.map((r) => row(r, 'td')).join('\n')}\n</tbody></table></div>\n`;
}

function figureHtml(c: Chart): string {
  const { width, height } = svgSize(c.svg);
  const src = `data:image/svg+xml;base64,${Buffer.from(c.svg, 'utf8').toString('base64')}`;
  const files = `<a href="${CHARTS_DIR}/${escapeHtml(c.name)}.svg">SVG</a> · <a href="${CHARTS_DIR}/${escapeHtml(c.name)}.png">PNG</a>`;
  return `<figure class="chart" data-chart="${escapeHtml(c.name)}"><img alt="${escapeHtml(c.title)}" width="${width}" height="${height}" src="${src}"><figcaption>${escapeHtml(c.title)} — ${files}</figcaption></figure>\n`;
}

/** The page as HTML: a function of the page alone. */
export function reportHtml(p: ReportPage): string {
  const sections = [...new Set(p.charts.map((c) => c.section))];
  const anchor = (k: number): string => `charts-${k}`;
  const nav = ['<a href="#parameters">Parameters</a>', '<a href="#figures">Key figures</a>', ...sections.map((s, k) => `<a href="#${anchor(k)}">${escapeHtml(s)}</a>`)].join('');
  const params = p.parameters.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n');
  const charts = sections.map((s, k) => `<h2 id="${anchor(k)}">${escapeHtml(s)}</h2>\n${p.charts.filter((c) => c.section === s).map(figureHtml).join('')}`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<link rel="icon" href="data:,">
<style>
${STYLE}
</style>
</head>
<body>
<h1>${escapeHtml(p.title)}</h1>
<nav>${nav}</nav>
<h2 id="parameters">Parameters</h2>
<table>
${params}
</table>
<h2 id="figures">Key figures</h2>
${p.tables.map(tableHtml).join('')}${charts}<footer><p>Written by taosim ${VERSION} (taosim report). Charts: Vega-Lite; PNGs beside this file in ${CHARTS_DIR}/.</p></footer>
</body>
</html>
`;
}

/** Write `<dir>/charts/*.svg`, `*.png`, then `<dir>/report.html`; returns the report's path. */
export function writeReport(dir: string, p: ReportPage): string {
  for (const c of p.charts) {
    writeFileAtomic(join(dir, CHARTS_DIR, `${c.name}.svg`), c.svg);
    writeFileAtomic(join(dir, CHARTS_DIR, `${c.name}.png`), pngOf(c.svg));
  }
  const path = join(dir, REPORT_FILE);
  writeFileAtomic(path, reportHtml(p));
  return path;
}
