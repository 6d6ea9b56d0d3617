import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { optionLine } from '../../../src/options/build.js';
import { gate } from '../../../src/options/gate.js';
import { DECLARED_COMMANDS, FLAGS_NOT_OPTIONS, flagsOf, OPTION_TABLE, sinceOf } from '../../../src/option-table.js';
import { UnsupportedFeatureError } from '../../../src/index.js';

// The tests run from build/test/…; the sources are read from the checkout.
const SRC = join(process.cwd(), 'src');
const NEWEST = '0.19.1';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** A file's code without its comments, so that a flag named in a doc comment does not count. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const FLAG_KINDS = new Set(['flag', 'value', 'repeated', 'choice', 'command']);

test('every declared option, given alone, puts its flag and only its flag on argv', () => {
  let checked = 0;
  for (const spec of DECLARED_COMMANDS) {
    for (const [name, d] of Object.entries(spec.options)) {
      const { argv, env } = optionLine(spec, name, d.sample, NEWEST);
      const where = `${spec.call}.${name}`;
      if (FLAG_KINDS.has(d.kind)) {
        const expected = d.kind === 'choice' ? `--${String(d.sample)}` : `--${d.flag}`;
        const flags = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length);
        assert.ok(flags.length >= 1, `${where}: no flag for ${JSON.stringify(d.sample)}`);
        for (const f of flags) assert.ok(f === expected || f.startsWith(`${expected}=`), `${where}: got ${f}, expected ${expected}`);
        if (d.kind !== 'command') assert.equal(argv.includes('--'), false, `${where}: a flag put positionals on argv`);
      } else if (d.kind === 'positional' || d.kind === 'argument') {
        assert.equal(argv[0], '--', `${where}: positionals go after --`);
        assert.ok(argv.length >= 2, `${where}: got ${JSON.stringify(argv)}`);
      } else if (d.kind === 'env') {
        assert.deepEqual(argv, [], where);
        assert.equal(env[d.variable as string], d.sample, where);
      } else {
        assert.deepEqual(argv, [], where);
      }
      checked++;
    }
  }
  assert.ok(checked > 50, `only ${checked} options declared`);
});

test('every option newer than 0.14 is refused by the gate on the release before, naming its release', () => {
  for (const spec of DECLARED_COMMANDS) {
    for (const [name, d] of Object.entries(spec.options)) {
      if (d.since === undefined || d.omitBefore) continue;
      assert.throws(
        () => gate({ ...spec, since: undefined }, { [name]: d.sample }, '0.14.0'),
        (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === d.since,
        `${spec.call}.${name}`,
      );
      gate(spec, { [name]: d.sample }, d.since);
    }
  }
});

test('each multi-word flag name is written once in src/, and --flags only by the builder', () => {
  const files = sources(SRC).map((path) => ({ path, text: code(path) }));
  const flags = new Set<string>();
  for (const spec of DECLARED_COMMANDS) {
    for (const d of Object.values(spec.options)) for (const f of d.flags ?? (d.flag ? [d.flag] : [])) flags.add(f);
  }
  for (const f of flags) {
    if (!f.includes('-')) continue;
    const places = files.flatMap(({ path, text }) => (text.match(new RegExp(`['"\`]${f}['"\`]`, 'g')) ?? []).map(() => path.slice(SRC.length + 1)));
    assert.equal(places.length, 1, `'${f}' is written in ${places.join(', ')}`);
  }
  const allowed = new Set(Object.keys(FLAGS_NOT_OPTIONS).filter((k) => k.startsWith('--')));
  for (const { path, text } of files) {
    if (path.endsWith(join('options', 'build.ts'))) continue;
    for (const m of text.matchAll(/['"`](--[a-z][a-z0-9-]*)/g)) {
      assert.ok(allowed.has(m[1] as string), `${path.slice(SRC.length + 1)} writes ${m[1]} itself`);
    }
  }
});

test('the option table is made from the declarations: one row per call, named by its call', () => {
  assert.deepEqual(Object.keys(OPTION_TABLE).sort(), DECLARED_COMMANDS.map((spec) => spec.call).sort());
  for (const [call, spec] of Object.entries(OPTION_TABLE)) {
    if (call !== 'global') assert.match(spec.command, /^[a-z-]+( [a-z]+)?$/, call);
    for (const [name, option] of Object.entries(spec.options)) {
      const since = sinceOf(option);
      if (since !== undefined) assert.match(since, /^0\.1[5-9]\.\d+$/, `${call}.${name}`);
      for (const flag of flagsOf(option)) assert.match(flag, /^[a-z][a-z0-9-]*[a-z0-9]$/, `${call}.${name}`);
    }
  }
});

test('a command newer than 0.14 is refused on the release before, naming its release', () => {
  const gated = DECLARED_COMMANDS.filter((spec) => spec.since !== undefined);
  assert.ok(gated.length >= 4, `only ${gated.length} gated commands`);
  for (const spec of gated) {
    assert.throws(() => gate(spec, {}, '0.14.0'), (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === spec.since, spec.call);
  }
});
