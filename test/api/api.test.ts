/** The public API (src/api): load with overrides, pull steps, act between them, check, write. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, loadScenario, ResultWriter, Simulation, taoRao } from '../../src/api/index.js';
import { smallScenario } from '../helpers/world.js';

describe('taosim API', () => {
  it('loads a file and an object with --set overrides, the same as the CLI', () => {
    const sc = loadScenario('scenarios/examples/minimal.yaml', { seed: 9, set: ['run.epochs=8'] });
    expect(sc.seed).toBe(9);
    expect(sc.run.epochs).toBe(8);
    const obj = loadScenario(smallScenario(), { set: ['run.epochs=2'] });
    expect(obj.run.epochs).toBe(2);
    expect(() => loadScenario(smallScenario(), { set: ['run.epochz=2'] })).toThrow(InputError);
    expect(() => loadScenario('no/such/file.yaml')).toThrow(InputError);
  });

  it('steps are pulled: the caller stops after any step, and acts between steps', () => {
    const sim = Simulation.load(smallScenario({ epochs: 6 }));
    const seen: number[] = [];
    for (const rec of sim.steps({ check: true })) {
      seen.push(rec.epoch);
      expect(sim.view.block).toBe(rec.block);
      if (rec.epoch === 1) {
        const before = sim.view.stake('validator-0', 'me', 1);
        const r = sim.act({ kind: 'add_stake', coldkey: 'me', hotkey: 'validator-0', netuid: 1, amount: taoRao(5_000_000_000n), fromOutside: true });
        expect(r.ok).toBe(true);
        expect(sim.view.stake('validator-0', 'me', 1) > before).toBe(true);
        const refused = sim.act({ kind: 'add_stake', coldkey: 'me', hotkey: 'validator-0', netuid: 1, amount: taoRao(5n), fromOutside: true });
        expect(refused).toMatchObject({ ok: false, error: 'AmountTooLow' });
        expect(sim.checkInvariants()).toEqual({ ok: true });
      }
      if (rec.epoch === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(() => sim.steps().next()).toThrow(/already run/);
  });

  it('the same scenario and seed give the same records through the API', () => {
    const a = [...Simulation.load(smallScenario({ epochs: 3 })).steps()];
    const b = [...Simulation.load(smallScenario({ epochs: 3 })).steps()];
    expect(b).toEqual(a);
    expect(a.length).toBe(3);
  });

  it('the view is read-only', () => {
    const sim = Simulation.load(smallScenario());
    const s = sim.view.subnets[0]!;
    expect(Object.isFrozen(s)).toBe(true);
    expect(() => ((sim.view as { block: number }).block = 5)).toThrow(TypeError);
    expect(s.price > 0n).toBe(true);
  });

  it('writes the CLI tables when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-api-'));
    try {
      const sim = Simulation.load(smallScenario({ epochs: 2 }));
      const out = ResultWriter.open(sim, join(dir, 'r'), { neurons: false });
      for (const rec of sim.steps()) out.append(rec);
      const where = out.finish();
      const net = readFileSync(join(where, 'network.csv'), 'utf8').trim().split('\n');
      expect(net.length).toBe(3);
      expect(JSON.parse(readFileSync(join(where, 'meta.json'), 'utf8'))).toMatchObject({ status: 'complete', epochs: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
