import { checkString } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { defineCommand, flag, since, value } from '../options/declare.js';
import { SNAPSHOT_FILTERS } from '../options/shared-options.js';
import { InvalidArgumentError, RepositoryCheckError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature } from '../options/gate.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import { ExitCode } from '../process/outcome-error.js';
import type { CheckSummary } from '../types/check.js';
import type { CallOptions, SnapshotFilterOptions } from './common.js';

export interface CheckOptions extends CallOptions, SnapshotFilterOptions {
  /** Read and verify all data, not only the structure (`--read-data`). */
  readData?: boolean;
  /** Read a part of the data: `'1/5'`, `'10%'` or a size such as `'2G'` (`--read-data-subset`). */
  readDataSubset?: string;
  /** Use the local cache instead of a fresh temporary one (`--with-cache`). */
  withCache?: boolean;
}

function dataSubset(option: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const subset = checkString(option, v);
  if (!/^(\d+\/\d+|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/.test(subset)) throw new InvalidArgumentError(option, `expected 'n/t', 'x%' or a size, got '${subset}'`);
  return subset;
}

/** `restic check`: every option, declared once. */
export const checkCommand = defineCommand<CheckOptions>({
  call: 'check',
  command: 'check',
  options: () => ({
    readData: flag('read-data'),
    readDataSubset: value('read-data-subset', { check: dataSubset, sample: '1/5' }),
    withCache: flag('with-cache'),
    // restic filters the snapshots it checks from 0.19 on.
    ...since('0.19.0', SNAPSHOT_FILTERS),
  }),
});

export function checkArgs(options: CheckOptions, installed: string): string[] {
  return argvOf(checkCommand, options, installed);
}

/** The summary's fields that restic's text gives (all but `log`). */
type TextSummary = Pick<CheckSummary, 'message_type' | 'num_errors' | 'broken_packs' | 'suggest_repair_index' | 'suggest_prune'>;

/**
 * What restic before 0.18 says in text, in the shape of 0.18's JSON summary. Each problem
 * restic lists is counted once; restic 0.14 prints them as `error: …` lines or indented
 * under the pack or tree they concern.
 */
function summaryFromCheckText(text: string, failed: boolean): TextSummary {
  const errorLines = text.split('\n').filter((l) => /^\s*(error|Error|Pack ID does not match|pack [0-9a-f]+:|tree [0-9a-f]+:|  - )/.test(l));
  return {
    message_type: 'summary',
    num_errors: failed ? Math.max(1, errorLines.length) : 0,
    broken_packs: null,
    suggest_repair_index: /restic (repair index|rebuild-index)/.test(text),
    suggest_prune: /restic prune/.test(text),
  };
}

/**
 * What check found, from its output: restic 0.18+'s JSON summary (`json`), or one built from
 * older restic's text; `log` is stdout less that summary. Undefined when restic, asked for
 * JSON, printed no summary. `exitCode` says whether old restic failed.
 */
export function readCheckOutput(stdout: readonly string[], stderr: string, json: boolean, exitCode: number | null): CheckSummary | undefined {
  let summary: CheckSummary | undefined;
  const text: string[] = [];
  for (const line of stdout) {
    const message = json ? parseJsonObjectLine(line) : undefined;
    if (message && messageType(message) === 'summary') summary = message as CheckSummary;
    else text.push(line);
  }
  const log = text.join('\n');
  if (json) return summary && { ...summary, log };
  const all = `${log}\n${stderr}`;
  return { ...summaryFromCheckText(all, exitCode === ExitCode.failure && /repository contains errors/.test(all)), log };
}

/**
 * `restic check`. Resolves with the summary when the repository is sound; when restic finds
 * problems it rejects with RepositoryCheckError, whose `summary.num_errors` counts them.
 */
export async function check(ctx: CommandContext, options: CheckOptions = {}): Promise<CheckSummary> {
  const installed = await ctx.resticVersion(options?.signal);
  const args = checkArgs(options, installed);
  const json = hasFeature(installed, 'checkJsonOutput');
  const stdout: string[] = [];
  const invocation = { name: 'check', args, json, signal: options.signal, onLine: (line: string): void => void stdout.push(line) };
  const result = await ctx.run(invocation);
  const found = readCheckOutput(stdout, result.stderr, json, result.exitCode);
  if (result.exitCode === ExitCode.failure && found && found.num_errors > 0 && !result.aborted) {
    throw new RepositoryCheckError<CheckSummary>(`check found ${found.num_errors} error(s) in the repository`, found, {
      exitCode: result.exitCode,
      stderr: result.stderr,
      args: result.args,
    });
  }
  const error = ctx.errorFor(result, invocation);
  if (error) throw error;
  // restic asked for JSON printed no summary (none seen so far): what its text says.
  return found ?? { ...summaryFromCheckText(`${stdout.join('\n')}\n${result.stderr}`, false), log: stdout.join('\n') };
}
