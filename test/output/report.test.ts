/** report.html from in-memory results: text is escaped, and a chart's bytes do not depend on what was drawn before it. */
import { describe, expect, it } from 'vitest';
import { pngOf, runCharts } from '../../src/output/charts.js';
import { reportHtml, runPage } from '../../src/output/report.js';
import type { ResultFolder } from '../../src/scenario/results.js';

const result = (overrides: string[]): ResultFolder => ({
  dir: 'x',
  meta: { scenario: 'tiny', seed: 5, scenario_hash: 'abc', overrides, blocks_per_epoch: 360, taosim_version: '0.1.0' },
  network: [0, 1, 2].map((e) => ({ epoch: String(e), issuance_tao: String(100 + e), pool_tao: String(10 + e), root_tao: '50' })),
  subnets: [0, 1, 2].flatMap((e) =>
    [1, 2].map((n) => ({ epoch: String(e), netuid: String(n), spot_price: String(0.1 * n + 0.01 * e), moving_price: '0.1', share: String(n / 3), tao_emission_tao: '1', tao_reserve_tao: String(1000 * n), miners: '4' })),
  ),
});

describe('report.html', () => {
  it('escapes what it shows (an override is text, never markup)', async () => {
    const r = result(['description="<b>bold</b> & \'quoted\'"']);
    const html = reportHtml(runPage(r, await runCharts(r, 12)));
    expect(html).toContain('description=&#34;&#60;b&#62;bold&#60;/b&#62; &#38; &#39;quoted&#39;&#34;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td>102</td><td>12</td><td>50</td>'); // the final network KPIs
  });

  it('draws the same bytes whatever was drawn before (SVG and PNG)', async () => {
    const r = result([]);
    const first = await runCharts(r, 12);
    await runCharts(result(['x']), 1);
    const again = await runCharts(r, 12);
    expect(again.map((c) => c.svg)).toEqual(first.map((c) => c.svg));
    expect(Buffer.from(pngOf(again[0]!.svg)).equals(Buffer.from(pngOf(first[0]!.svg)))).toBe(true);
    expect(first.map((c) => c.name)).toEqual(['spot_price', 'moving_price', 'share', 'tao_emission', 'tao_reserve', 'miners', 'network_tao']);
  });
});
