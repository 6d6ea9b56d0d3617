#!/usr/bin/env node
// Compares what a restic binary offers (its own `help` and `<command> --help`) with resticjs's
// option table (OPTION_TABLE in src/option-table.ts, read from the built package) and prints
// every command and flag no call covers. Exit code 0: full coverage; 1: gaps.
//
//   npm run coverage:cli                      # restic 0.19 from .restic/
//   npm run coverage:cli -- --restic /usr/bin/restic [--json]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const binary = argv.includes('--restic') ? argv[argv.indexOf('--restic') + 1] : join(root, '.restic', '0.19', 'restic');
const asJson = argv.includes('--json');
if (!existsSync(binary)) {
  console.error(`no restic at ${binary}: run scripts/install-restic.sh, or pass --restic <path>`);
  process.exit(2);
}
const { OPTION_TABLE, FLAGS_NOT_OPTIONS } = await import(pathToFileURL(join(root, 'dist', 'esm', 'index.js')).href);

function help(args) {
  // Without a repository or password restic still prints help; a clean environment keeps RESTIC_* out.
  return execFileSync(binary, [...args, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
}

/** The lines of a section of cobra's help (`Flags:`, `Available Commands:`), up to the next blank line. */
function section(text, title) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === title);
  if (start < 0) return [];
  const body = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    body.push(line);
  }
  return body;
}

const commandsIn = (text) =>
  ['Available Commands:', 'Advanced Options:', 'Additional Commands:']
    .flatMap((title) => section(text, title))
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((name) => name && name !== 'help' && name !== 'completion');

const flagsIn = (text) =>
  section(text, 'Flags:')
    .map((line) => /--([a-z0-9-]+)/.exec(line)?.[1])
    .filter((flag) => flag && flag !== 'help');

const version = execFileSync(binary, ['version'], { encoding: 'utf8' }).trim();
const top = help([]);
const offered = new Map([['', flagsIn(top)]]);
for (const command of commandsIn(top)) {
  const text = help([command]);
  const subcommands = commandsIn(text);
  if (subcommands.length === 0) offered.set(command, flagsIn(text));
  for (const sub of subcommands) offered.set(`${command} ${sub}`, flagsIn(help([command, sub])));
}

const covered = new Map();
for (const spec of Object.values(OPTION_TABLE)) {
  const flags = covered.get(spec.command) ?? new Set();
  for (const option of Object.values(spec.options)) {
    if (option === null) continue;
    const flag = typeof option === 'string' || Array.isArray(option) ? option : option.flag;
    for (const f of [flag].flat()) if (f) flags.add(f);
  }
  covered.set(spec.command, flags);
}

const gaps = [];
const byDesign = [];
let flagCount = 0;
for (const [command, flags] of offered) {
  const label = command || 'global';
  if (!covered.has(command)) {
    gaps.push({ command: label, flag: null, why: 'no call runs this command' });
    continue;
  }
  for (const flag of flags) {
    flagCount += 1;
    if (covered.get(command).has(flag)) continue;
    const key = command ? `${command} --${flag}` : `--${flag}`;
    const reason = FLAGS_NOT_OPTIONS[key];
    if (reason) byDesign.push({ command: label, flag: `--${flag}`, why: reason });
    else gaps.push({ command: label, flag: `--${flag}`, why: 'no option maps to it' });
  }
}

const commandCount = offered.size - 1;
if (asJson) {
  console.log(JSON.stringify({ restic: version, commands: commandCount, flags: flagCount, gaps, byDesign }, null, 2));
} else {
  console.log(`${version}: ${commandCount} commands and subcommands, ${flagCount} flags (global flags counted once)`);
  if (byDesign.length > 0) {
    console.log(`\nflags with no option, by design (${byDesign.length}):`);
    for (const item of byDesign) console.log(`  ${item.command} ${item.flag}: ${item.why}`);
  }
  if (gaps.length === 0) {
    console.log('\nfull coverage: every command and flag of this restic maps to a resticjs call or option');
  } else {
    console.log(`\nnot covered (${gaps.length}):`);
    for (const item of gaps) console.log(`  ${item.command}${item.flag ? ` ${item.flag}` : ''}: ${item.why}`);
  }
}
process.exitCode = gaps.length === 0 ? 0 : 1;
