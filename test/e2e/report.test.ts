/**
 * `taosim report` (and `run --report`, `sweep --report`, `merge --report`; `plot` in plot.test.ts): report.html and
 * charts/*.svg, *.png of a run with agents and of a small sweep; the same bytes for the same
 * results; and the page opened from disk in headless Chromium: every chart drawn with a size, no
 * error logged, no request made. Screenshots go to out/test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-report-'));
const ARTIFACTS = join(REPO_ROOT, 'out', 'test-artifacts');
const noShard = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '', SLURM_ARRAY_TASK_MIN: '', JOB_COMPLETION_INDEX: '' };
const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
/** Every file of a report: report.html and charts/*, name → bytes. */
const reportFiles = (d: string): Map<string, string> =>
  new Map([['report.html', readFileSync(join(d, 'report.html'), 'latin1')], ...readdirSync(join(d, 'charts')).sort().map((f): [string, string] => [`charts/${f}`, readFileSync(join(d, 'charts', f), 'latin1')])]);
const chartNames = (d: string): string[] => readdirSync(join(d, 'charts')).filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)).sort();
const figures = (html: string): string[] => [...html.matchAll(/<figure class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]!).sort();

const run = join(dir, 'agents');
const runArgs = (out: string) => ['run', 'scenarios/examples/agents.yaml', '--epochs', '8', '--neurons', 'off', '--agents', 'off', '--no-progress', '--report', '--out', out];
const ran = runCli(runArgs(run));

const sweep = join(dir, 'sweep');
const swept = runCli(['sweep', 'scenarios/baseline.yaml', '--epochs', '4', '--seeds', '1..2', '--set', 'network.tao_weight=0.1,0.18', '--jobs', '2', '--no-progress', '--report', '--out', sweep], { env: noShard });

describe('taosim run --report', () => {
  it('writes report.html with the parameters, the key figures and every chart as SVG and PNG', () => {
    expect(ran.code, ran.stderr).toBe(0);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const meta = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8'));
    for (const v of [meta.scenario_hash, `<th>seed</th><td>${meta.seed}</td>`, `<th>taosim version</th><td>${meta.taosim_version}</td>`]) expect(html).toContain(v);
    const net = csv(join(run, 'network.csv'));
    expect(html).toContain(`<td>${net[net.length - 1]!.issuance_tao}</td>`);
    const strategies = csv(join(run, 'strategies.csv'));
    const last = strategies.filter((r) => r.epoch === '7');
    expect(last.length).toBeGreaterThan(0);
    for (const g of last) expect(html).toContain(`<td>${g.class}</td><td>${g.strategy}</td><td>${g.agents}</td><td>${g.wealth_tao}</td>`);
    const names = chartNames(run);
    expect(names).toEqual(expect.arrayContaining(['spot_price', 'share', 'tao_reserve', 'network_tao', 'miners', 'wealth_by_strategy', 'apy_by_strategy', 'uid_entries_exits']));
    expect(figures(html)).toEqual(names);
    for (const n of names) {
      expect(readFileSync(join(run, 'charts', `${n}.svg`), 'utf8').startsWith('<svg')).toBe(true);
      expect(readFileSync(join(run, 'charts', `${n}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // nothing to run, nothing to fetch
  });

  it('gives the same bytes for the same results: report again, and another run of the same scenario', () => {
    const first = reportFiles(run);
    expect(runCli(['report', run]).code).toBe(0);
    expect(reportFiles(run)).toEqual(first);
    const again = join(dir, 'agents-again');
    expect(runCli(runArgs(again)).code).toBe(0);
    expect(reportFiles(again)).toEqual(first);
  });

  it('refuses a folder that is neither a run nor a sweep (exit 2)', () => {
    const r = runCli(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a complete taosim result folder/);
  });
});

describe('taosim sweep --report', () => {
  it('charts each KPI against the swept key and a fan chart per point, and tabulates the final quantiles', () => {
    expect(swept.code, swept.stderr).toBe(0);
    const def = JSON.parse(readFileSync(join(sweep, 'sweep.json'), 'utf8')) as { points: { id: string }[] };
    const families = ['network', 'spot_price', 'share', 'tao_reserve_tao'];
    const want = [...families.map((f) => `kpi_${f}_vs_network.tao_weight`), ...def.points.flatMap((p) => families.map((f) => `fan_${p.id}_${f}`))].sort();
    expect(chartNames(sweep)).toEqual(want);
    const html = readFileSync(join(sweep, 'report.html'), 'utf8');
    expect(figures(html)).toEqual(want);
    const q = csv(join(sweep, 'quantiles.csv')).find((r) => r.epoch === '3' && r.kpi === 'root_tao' && r.point === def.points[1]!.id)!;
    expect(html).toContain(`<td>${Number(Number(q.p50).toPrecision(6))} [${Number(Number(q.p5).toPrecision(6))}, ${Number(Number(q.p95).toPrecision(6))}]</td>`);
    expect(html).toContain('4: 4 complete, 0 failed, 0 missing');
  });

  it('merge --report writes the same report', () => {
    const first = reportFiles(sweep);
    const r = runCli(['merge', sweep, '--report']);
    expect(r.code, r.stderr).toBe(0);
    expect(reportFiles(sweep)).toEqual(first);
  });
});

const browse = requireChromium('the report.html browser test');

describe.runIf(browse)('report.html in headless Chromium', () => {
  for (const [name, folder] of [
    ['run', run],
    ['sweep', sweep],
  ] as const)
    it(`the ${name} report opens from disk: every chart drawn, no error, no request`, async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
        const page = await context.newPage();
        const url = pathToFileURL(join(folder, 'report.html')).href;
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
        page.on('request', (r) => {
          if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
        });
        await page.goto(url, { waitUntil: 'load' });
        const drawn = await page.$$eval('figure.chart', (fs) =>
          fs.map((f) => {
            const img = f.querySelector('img');
            const box = img?.getBoundingClientRect();
            return { name: f.getAttribute('data-chart'), natural: img ? img.naturalWidth * img.naturalHeight : 0, box: box ? box.width * box.height : 0, complete: img?.complete ?? false };
          }),
        );
        expect(drawn.map((d) => d.name).sort()).toEqual(chartNames(folder));
        for (const d of drawn) {
          expect(d.complete, d.name!).toBe(true);
          expect(d.natural, d.name!).toBeGreaterThan(0);
          expect(d.box, d.name!).toBeGreaterThan(0);
        }
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    });
});
