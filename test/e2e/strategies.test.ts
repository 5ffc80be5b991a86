/** Strategies of the user's own: loaded only through --strategies (or the API), with the built-ins' guarantees. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/api/simulation.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'taosim-strategies-'));
const FIX = 'test/fixtures/agents';

describe('--strategies', () => {
  it('runs a scenario naming a strategy from the module; without the flag the name is unknown', () => {
    const r = runCli(['run', `${FIX}/custom.yaml`, '--strategies', `${FIX}/strategies.mjs`, '--out', join(dir, 'a'), '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    const ev = readFileSync(join(dir, 'a', 'events.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(ev.map((e) => [e[0], e[2], e[4], e[8]])).toEqual([
      ['2', 'stake', expect.stringMatching(/^agent-late-[01]$/), 'ok'],
      ['2', 'stake', expect.stringMatching(/^agent-late-[01]$/), 'ok'],
    ]);
    expect(readFileSync(join(dir, 'a', 'strategies.csv'), 'utf8')).toContain('\n3,staker,late_buyer,2,');
    const without = runCli(['run', `${FIX}/custom.yaml`, '--out', join(dir, 'b')]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('populations[0].strategy: no staker strategy named "late_buyer"');
    expect(readdirSync(dir)).toEqual(['a']);
  });

  it('refuses a module without strategies, a name the built-ins have, and a missing file: exit 2', () => {
    const cases: [string, string][] = [
      [`${FIX}/strategies-none.mjs`, 'expected the module to export `strategies`'],
      [`${FIX}/strategies-clash.mjs`, 'strategies[0]: a staker strategy named holder is already registered'],
      [`${FIX}/no-such.mjs`, '--strategies: cannot load the module'],
    ];
    for (const [mod, msg] of cases) {
      const r = runCli(['run', `${FIX}/custom.yaml`, '--strategies', mod, '--out', join(dir, 'x')]);
      expect(r.code, mod).toBe(2);
      expect(r.stderr, mod).toContain(msg);
    }
  });

  it('the API takes the same strategies, and the run is the CLI\'s', async () => {
    // a user's module, as --strategies loads it (by URL: it is plain JavaScript, not part of the program)
    const { strategies } = (await import(pathToFileURL(`${FIX}/strategies.mjs`).href)) as { strategies: never[] };
    const sim = Simulation.load(`${FIX}/custom.yaml`, { strategies });
    const events = [...sim.steps()].flatMap((r) => r.events);
    expect(events.filter((e) => e.kind === 'stake' && e.result === 'ok').length).toBe(2);
  });
});

describe('ResultWriter with populations', () => {
  it("writes agents.csv and strategies.csv byte for byte as taosim run does", async () => {
    const { ResultWriter } = await import('../../src/api/output.js');
    const cli = runCli(['run', 'test/fixtures/agents/mix.yaml', '--epochs', '6', '--neurons', 'off', '--out', join(dir, 'cli'), '--no-progress']);
    expect(cli.code, cli.stderr).toBe(0);
    const sim = Simulation.load('test/fixtures/agents/mix.yaml', { set: ['run.epochs=6'] });
    const out = ResultWriter.open(sim, join(dir, 'api'), { neurons: false });
    for (const step of sim.steps()) out.append(step);
    out.finish();
    for (const f of ['agents.csv', 'strategies.csv', 'subnets.csv', 'events.csv']) expect(readFileSync(join(dir, 'api', f), 'utf8'), f).toBe(readFileSync(join(dir, 'cli', f), 'utf8'));
  });
});
