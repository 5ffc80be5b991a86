/**
 * The report of a result folder, for `taosim report` and `run/sweep/merge --report`: a sweep
 * folder (it has sweep.json) gets the sweep's report, any other folder must be a complete run.
 * Vega and resvg are loaded only here: every other command (and each run of a sweep) starts
 * ~0.3 s sooner.
 */
import { isSweepFolder, readResult, readSweep } from '../scenario/results.js';

export const DEFAULT_TOP = 12;

/** Write `<dir>/report.html` and `<dir>/charts/`; returns the report's path and its number of charts. */
export async function makeReport(dir: string, top: number): Promise<{ path: string; charts: number }> {
  const { runCharts, sweepCharts } = await import('../output/charts.js');
  const { runPage, sweepPage, writeReport } = await import('../output/report.js');
  if (isSweepFolder(dir)) {
    const s = readSweep(dir);
    const page = sweepPage(s, await sweepCharts(s, top), top);
    return { path: writeReport(dir, page), charts: page.charts.length };
  }
  const r = readResult(dir);
  const page = runPage(r, await runCharts(r, top));
  return { path: writeReport(dir, page), charts: page.charts.length };
}
