import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'src/**/*.gen.ts', 'asm/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
  {
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use a seeded stream from core/rng (determinism).' },
        { object: 'Date', property: 'now', message: 'No wall clock in the model.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/chain/**', 'src/math/**', 'src/core/**', 'src/agents/**', 'src/sim/**', 'src/analysis/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:fs', 'fs', 'node:fs/*', 'node:process', 'process'], message: 'Only scenario/load, output/write and cli touch the file system or process.' },
      ] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'Only the CLI touches process.' }],
    },
  },
  {
    files: ['src/chain/**', 'src/math/**', 'src/core/**', 'src/analysis/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/agents/**', '**/sim/**', '**/cli/**', '**/scenario/**', '**/output/**'], message: 'Imports point only downward.' },
        { group: ['node:fs', 'fs', 'node:fs/*'], message: 'Only scenario/load, output/write and cli touch the file system.' },
      ] }],
    },
  },
  {
    // the twin of the rule above: policies read an observation and return actions
    files: ['src/agents/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/sim/**', '**/cli/**', '**/output/**', '**/scenario/load*', '**/scenario/snapshot*'], message: 'A policy imports nothing that holds or mutates state: it reads an observation and returns actions.' },
        { group: ['**/chain/**'], allowTypeImports: true, message: 'A policy may name chain types, never call chain code (extrinsics mutate state: return an action).' },
      ] }],
    },
  },
);
