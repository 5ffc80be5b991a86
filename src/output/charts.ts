/**
 * Charts of a run or of a sweep as SVG, rendered headless by Vega-Lite (no browser, no canvas),
 * and as PNG by resvg. A run: prices, shares, emission, reserves and miners per subnet over
 * simulated days, the network's TAO on root and in pools, and with agents their wealth, APY and
 * uid entries/exits by strategy. A sweep: each KPI's final-epoch quantiles against each swept
 * parameter, and fan charts (p5–p95, p25–p75, median) over epochs per parameter point. Subnets
 * beyond the `top` largest final shares are left out so that a 128-subnet chart stays readable.
 *
 * Bytes are a function of the data: Vega's SVG ids restart for every chart (so a chart does not
 * depend on what was drawn before it), and the PNGs are drawn with the DejaVu Sans shipped in the
 * dejavu-fonts-ttf package, never a system font.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ResultFolder, Row, SweepFolder } from '../scenario/results.js';
import { NETWORK_KPIS, SUBNET_KPIS } from './kpis.js';

export interface Chart {
  /** File name without extension: `<name>.svg` and `<name>.png`. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  /** The report section it belongs to. */
  readonly section: string;
}

interface Series {
  readonly name: string;
  readonly title: string;
  readonly column: string;
  readonly unit: string;
  readonly log?: boolean;
}

const SUBNET_SERIES: Series[] = [
  { name: 'spot_price', title: 'Spot price', column: 'spot_price', unit: 'TAO per alpha', log: true },
  { name: 'moving_price', title: 'Moving (EMA) price', column: 'moving_price', unit: 'TAO per alpha', log: true },
  { name: 'share', title: 'Share of block emission', column: 'share', unit: 'fraction' },
  { name: 'tao_emission', title: 'TAO emitted per simulated epoch', column: 'tao_emission_tao', unit: 'TAO' },
  { name: 'tao_reserve', title: 'Pool TAO reserve', column: 'tao_reserve_tao', unit: 'TAO', log: true },
  { name: 'miners', title: 'Miners registered', column: 'miners', unit: 'miners' },
];

const KPI_UNITS: Record<string, string> = {
  issuance_tao: 'TAO',
  pool_tao: 'TAO',
  root_tao: 'TAO',
  spot_price: 'TAO per alpha',
  share: 'fraction of the block emission',
  tao_reserve_tao: 'TAO',
};

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

async function render(spec: vl.TopLevelSpec): Promise<string> {
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** A chart as PNG at twice its SVG size, with the shipped font only (same bytes on every machine). */
export function pngOf(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    logLevel: 'off',
  });
  return r.render().asPng();
}

function line(title: string, unit: string, values: Record<string, unknown>[], color: string | undefined, log: boolean): vl.TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 640,
    height: 320,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'day', type: 'quantitative', title: 'simulated day' },
      y: { field: 'value', type: 'quantitative', title: unit, scale: log ? { type: 'log' } : { zero: false } },
      ...(color ? { color: { field: color, type: 'nominal', title: color, legend: { labelLimit: 400 } } } : {}),
    },
  } as vl.TopLevelSpec;
}

/** The `top` subnets by a score (largest first, then by netuid). */
const topSubnets = (score: ReadonlyMap<string, number>, top: number): string[] =>
  [...score.entries()]
    .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
    .slice(0, top)
    .map(([n]) => n)
    .sort((a, b) => Number(a) - Number(b));

export async function runCharts(r: ResultFolder, top: number): Promise<Chart[]> {
  const bpe = Number(r.meta.blocks_per_epoch ?? 360);
  const day = (epoch: string): number => (Number(epoch) * bpe * 12) / 86_400;
  const lastEpoch = r.subnets.reduce((m, x) => Math.max(m, Number(x.epoch)), 0);
  const finalShare = new Map<string, number>();
  for (const x of r.subnets) if (Number(x.epoch) === lastEpoch) finalShare.set(x.netuid!, Number(x.share));
  const kept = new Set(topSubnets(finalShare, top));
  const rows = r.subnets.filter((x) => kept.has(x.netuid!));
  const charts: Chart[] = [];
  const subnets = 'Subnets';
  for (const s of SUBNET_SERIES) {
    const values = rows.map((x: Row) => ({ day: day(x.epoch!), value: Number(x[s.column]), subnet: `SN${x.netuid}` })).filter((v) => !s.log || v.value > 0);
    const title = `${s.title}${finalShare.size > kept.size ? ` (top ${kept.size} subnets by final share)` : ''}`;
    charts.push({ name: s.name, title, section: subnets, svg: await render(line(title, s.unit, values, 'subnet', s.log ?? false)) });
  }
  const network = r.network.flatMap((x) =>
    [
      ['pool TAO (subnets)', x.pool_tao],
      ['root TAO', x.root_tao],
    ].map(([series, v]) => ({ day: day(x.epoch!), value: Number(v), series })),
  );
  const netTitle = 'TAO in subnet pools and on root';
  charts.push({ name: 'network_tao', title: netTitle, section: 'Network', svg: await render(line(netTitle, 'TAO', network, 'series', false)) });
  if (r.strategies !== undefined) charts.push(...(await agentCharts(r.strategies, day)));
  return charts;
}

async function agentCharts(rows: readonly Row[], day: (epoch: string) => number): Promise<Chart[]> {
  const group = (x: Row): string => `${x.class}/${x.strategy}`;
  const section = 'Agents';
  const out: Chart[] = [];
  const wealth = rows.filter((x) => Number(x.agents) > 0 && Number(x.wealth_tao) > 0).map((x) => ({ day: day(x.epoch!), value: Number(x.wealth_tao) / Number(x.agents), strategy: group(x) }));
  const wTitle = 'Wealth per agent by strategy (free TAO + stakes at spot)';
  out.push({ name: 'wealth_by_strategy', title: wTitle, section, svg: await render(line(wTitle, 'TAO per agent', wealth, 'strategy', true)) });
  const apy = rows.filter((x) => x.apy !== '').map((x) => ({ day: day(x.epoch!), value: Number(x.apy), strategy: group(x) }));
  const aTitle = 'APY by strategy (trailing return on wealth, annualised)';
  // no APY before a second epoch
  if (apy.length > 0) out.push({ name: 'apy_by_strategy', title: aTitle, section, svg: await render(line(aTitle, 'APY (fraction a year)', apy, 'strategy', false)) });
  // cumulative uids registered and lost, for the groups that ever registered or lost one
  const moving = new Set(rows.filter((x) => Number(x.entries) > 0 || Number(x.exits) > 0).map(group));
  if (moving.size > 0) {
    const sums = new Map<string, [number, number]>();
    const flows = rows
      .filter((x) => moving.has(group(x)))
      .flatMap((x) => {
        const s = sums.get(group(x)) ?? [0, 0];
        s[0] += Number(x.entries);
        s[1] += Number(x.exits);
        sums.set(group(x), s);
        return [
          { day: day(x.epoch!), value: s[0], series: `${group(x)} entries` },
          { day: day(x.epoch!), value: s[1], series: `${group(x)} exits` },
        ];
      });
    const eTitle = 'Uids registered (entries) and lost (exits) by strategy, cumulative';
    out.push({ name: 'uid_entries_exits', title: eTitle, section, svg: await render(line(eTitle, 'uids', flows, 'series', false)) });
  }
  return out;
}

/** A swept value as a label (strings as they are, the rest as JSON). */
export const valueLabel = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

const BAND_OPACITY = [0.15, 0.3] as const;

/** Quantile bands and the median over `x`, faceted by `facet` (independent y scales). */
function bands(title: string, values: Record<string, unknown>[], x: Record<string, unknown>, facets: string[], color: boolean): vl.TopLevelSpec {
  const colorEnc = color ? { color: { field: 'series', type: 'nominal', title: 'other swept keys', legend: { labelLimit: 400 } } } : {};
  const y = (field: string) => ({ field, type: 'quantitative', title: null, scale: { zero: false } });
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: { field: 'facet', type: 'nominal', title: null, sort: facets },
    columns: Math.min(3, facets.length),
    spec: {
      width: 240,
      height: 160,
      layer: [
        { mark: { type: 'area', opacity: BAND_OPACITY[0] }, encoding: { x, y: y('p5'), y2: { field: 'p95' }, ...colorEnc } },
        { mark: { type: 'area', opacity: BAND_OPACITY[1] }, encoding: { x, y: y('p25'), y2: { field: 'p75' }, ...colorEnc } },
        { mark: { type: 'rule', opacity: 0.6 }, encoding: { x, y: y('p5'), y2: { field: 'p95' }, ...colorEnc } },
        { mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { x, y: y('p50'), ...colorEnc } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as vl.TopLevelSpec;
}

/** The KPI families of a sweep chart: the network's KPIs side by side, or one subnet KPI per subnet. */
interface Family {
  readonly name: string;
  readonly title: string;
  /** quantiles.csv kpi → facet label, for the KPIs drawn, in order. */
  readonly facets: ReadonlyMap<string, string>;
}

function families(subnets: readonly string[]): Family[] {
  return [
    { name: 'network', title: 'Network KPIs (TAO)', facets: new Map(NETWORK_KPIS.map((k) => [k, k])) },
    ...SUBNET_KPIS.map((k) => ({ name: k, title: `${k} (${KPI_UNITS[k]})`, facets: new Map(subnets.map((n) => [`sn${n}.${k}`, `SN${n}`])) })),
  ];
}

const Q = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const quantiles = (r: Row): Record<string, number> => Object.fromEntries(Q.map((q) => [q, Number(r[q])]));

/** A sweep's final epoch, its rows of quantiles.csv, and the subnets drawn: the `top` largest final median shares of any point. */
export function sweepFinal(s: SweepFolder, top: number): { epoch: number; rows: Row[]; subnets: string[]; all: number } {
  const epoch = s.quantiles.reduce((m, r) => Math.max(m, Number(r.epoch)), 0);
  const rows = s.quantiles.filter((r) => Number(r.epoch) === epoch);
  const share = new Map<string, number>();
  for (const r of rows) {
    const m = /^sn(\d+)\.share$/.exec(r.kpi!);
    if (m) share.set(m[1]!, Math.max(share.get(m[1]!) ?? -Infinity, Number(r.p50)));
  }
  return { epoch, rows, subnets: topSubnets(share, top), all: share.size };
}

export async function sweepCharts(s: SweepFolder, top: number): Promise<Chart[]> {
  const { keys, points } = s.definition;
  const { epoch: lastEpoch, rows: final, subnets, all } = sweepFinal(s, top);
  const fams = families(subnets);
  const pointOf = new Map(points.map((p) => [p.id, p]));
  const charts: Chart[] = [];
  const shown = all > subnets.length ? ` (top ${subnets.length} subnets by final median share)` : '';

  for (const [i, key] of keys.entries()) {
    const numeric = points.every((p) => typeof p.values[i] === 'number');
    const x = numeric ? { field: 'x', type: 'quantitative', title: key, scale: { zero: false } } : { field: 'x', type: 'ordinal', title: key, sort: [...new Set(points.map((p) => valueLabel(p.values[i])))] };
    const series = (id: string): string =>
      keys
        .map((k, j) => (j === i ? undefined : `${k}=${valueLabel(pointOf.get(id)?.values[j])}`))
        .filter((t) => t !== undefined)
        .join(', ') || 'all';
    for (const f of fams) {
      const values = final
        .filter((r) => f.facets.has(r.kpi!))
        .map((r) => {
          const v = pointOf.get(r.point!)?.values[i];
          return { facet: f.facets.get(r.kpi!), x: numeric ? v : valueLabel(v), series: series(r.point!), ...quantiles(r) };
        });
      if (values.length === 0) continue;
      const title = `${f.title} at epoch ${lastEpoch} against ${key}: median, p25–p75, p5–p95 across seeds${f.name === 'network' ? '' : shown}`;
      charts.push({ name: `kpi_${f.name}_vs_${key.replace(/[^\w.-]/g, '_')}`, title, section: `KPIs against ${key}`, svg: await render(bands(title, values, x, [...f.facets.values()], keys.length > 1)) });
    }
  }

  const epochX = { field: 'x', type: 'quantitative', title: 'epoch' };
  for (const p of points) {
    const mine = s.quantiles.filter((r) => r.point === p.id);
    if (mine.length === 0) continue;
    const label = keys.map((k, j) => `${k}=${valueLabel(p.values[j])}`).join(', ') || 'the scenario';
    for (const f of fams) {
      const values = mine.filter((r) => f.facets.has(r.kpi!)).map((r) => ({ facet: f.facets.get(r.kpi!), x: Number(r.epoch), ...quantiles(r) }));
      if (values.length === 0) continue;
      const title = `${f.title} over time, ${label}: median, p25–p75, p5–p95 across ${mine[0]!.n} seeds${f.name === 'network' ? '' : shown}`;
      charts.push({ name: `fan_${p.id}_${f.name}`, title, section: `Over time: ${label} (${p.id})`, svg: await render(bands(title, values, epochX, [...f.facets.values()], false)) });
    }
  }
  return charts;
}
