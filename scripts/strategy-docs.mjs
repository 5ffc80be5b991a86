// Prints the strategy tables of scenarios/README.md from the registry (after `npm run build`):
//   node scripts/strategy-docs.mjs
// test/agents/layer.test.ts checks that the README carries every strategy and parameter.
import { StrategyRegistry } from '../dist/src/agents/registry.js';

for (const s of StrategyRegistry.builtin().all()) {
  const adopt =
    s.adopt === 'validator'
      ? ' (count: a number; each takes over the next built-in validator)'
      : s.adopt && s.adopt !== 'none'
        ? ` (count: per_subnet; takes over the subnet's ${s.adopt === 'owner' ? 'owner coldkey' : 'built-in miners'})`
        : '';
  console.log(`\n#### \`${s.class}\` / \`${s.name}\`${adopt}`);
  console.log(`${s.doc.charAt(0).toUpperCase()}${s.doc.slice(1)}.\n`);
  console.log('| parameter | default | range | unit | meaning | source |\n|---|---|---|---|---|---|');
  for (const [k, p] of Object.entries(s.params))
    console.log(`| \`${k}\` | ${p.default} | ${p.min} … ${p.max === Infinity ? '∞' : p.max}${p.integer ? ' (whole)' : ''} | ${p.unit || '–'} | ${p.doc} | ${p.source} |`);
}
