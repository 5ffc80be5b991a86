/**
 * Charts of a result as SVG, rendered headless by Vega-Lite (no browser, no canvas): prices,
 * shares and emission per subnet over simulated days, and the network's TAO. Subnets beyond the
 * `top` largest final shares are left out so that a 128-subnet chart stays readable.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ResultFolder, Row } from '../scenario/results.js';

export interface Chart {
  readonly file: string;
  readonly svg: string;
}

interface Series {
  readonly file: string;
  readonly title: string;
  readonly column: string;
  readonly unit: string;
  readonly log?: boolean;
}

const SUBNET_SERIES: Series[] = [
  { file: 'spot_price.svg', title: 'Spot price', column: 'spot_price', unit: 'TAO per alpha', log: true },
  { file: 'moving_price.svg', title: 'Moving (EMA) price', column: 'moving_price', unit: 'TAO per alpha', log: true },
  { file: 'share.svg', title: 'Share of block emission', column: 'share', unit: 'fraction' },
  { file: 'tao_emission.svg', title: 'TAO emitted per simulated epoch', column: 'tao_emission_tao', unit: 'TAO' },
  { file: 'tao_reserve.svg', title: 'Pool TAO reserve', column: 'tao_reserve_tao', unit: 'TAO', log: true },
];

async function render(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}

function line(title: string, unit: string, values: Record<string, unknown>[], color: string | undefined, log: boolean): vl.TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    height: 320,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'day', type: 'quantitative', title: 'simulated day' },
      y: { field: 'value', type: 'quantitative', title: unit, scale: log ? { type: 'log' } : { zero: false } },
      ...(color ? { color: { field: color, type: 'nominal', title: color } } : {}),
    },
  } as vl.TopLevelSpec;
}

export async function resultCharts(r: ResultFolder, top: number): Promise<Chart[]> {
  const bpe = Number(r.meta.blocks_per_epoch ?? 360);
  const day = (epoch: string): number => (Number(epoch) * bpe * 12) / 86_400;
  const lastEpoch = r.subnets.reduce((m, x) => Math.max(m, Number(x.epoch)), 0);
  const finalShare = new Map<string, number>();
  for (const x of r.subnets) if (Number(x.epoch) === lastEpoch) finalShare.set(x.netuid!, Number(x.share));
  const kept = new Set([...finalShare.entries()].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, top).map(([n]) => n));
  const rows = r.subnets.filter((x) => kept.has(x.netuid!));
  const charts: Chart[] = [];
  for (const s of SUBNET_SERIES) {
    const values = rows
      .map((x: Row) => ({ day: day(x.epoch!), value: Number(x[s.column]), subnet: `SN${x.netuid}` }))
      .filter((v) => !s.log || v.value > 0);
    const title = `${s.title}${finalShare.size > kept.size ? ` (top ${kept.size} subnets by final share)` : ''}`;
    charts.push({ file: s.file, svg: await render(line(title, s.unit, values, 'subnet', s.log ?? false)) });
  }
  const network = r.network.flatMap((x) =>
    [
      ['pool TAO (subnets)', x.pool_tao],
      ['root TAO', x.root_tao],
    ].map(([series, v]) => ({ day: day(x.epoch!), value: Number(v), series })),
  );
  charts.push({ file: 'network_tao.svg', svg: await render(line('TAO in subnet pools and on root', 'TAO', network, 'series', false)) });
  return charts;
}
