/**
 * The installed command starts Node through its first line, which gives V8 the young generation
 * the simulation is measured with (src/cli/node.ts). Run that line as the kernel does.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG } from '../../src/cli/node.js';
import { VERSION } from '../../src/version.js';
import { REPO_ROOT } from '../helpers/shared.js';

describe('the taosim binary', () => {
  const bin = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
  const first = readFileSync(bin, 'utf8').split('\n')[0]!;

  it('asks for the larger young generation on its first line', () => {
    expect(first).toBe(`#!/usr/bin/env -S node ${YOUNG_GENERATION_FLAG}`);
  });

  it('runs through that line', () => {
    // the kernel calls the interpreter with the rest of the line as one argument, then the file
    const [interpreter, ...rest] = first.slice(2).split(' ');
    const r = spawnSync(interpreter!, [rest.join(' '), bin, '--version'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
  });
});
