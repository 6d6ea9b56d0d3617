import { ArgvBuilder, checkString, optionalBoolean } from '../args.js';
import { InvalidArgumentError, RepositoryCheckError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature } from '../options/gate.js';
import { checkOptions } from '../option-table.js';
import { messageType, parseJsonObjectLine } from '../json.js';
import { ExitCode } from '../process/outcome-error.js';
import type { CheckSummary } from '../types/check.js';
import { addSnapshotFilters, type CallOptions, type SnapshotFilterOptions } from './common.js';

export interface CheckOptions extends CallOptions, SnapshotFilterOptions {
  /** Read and verify all data, not only the structure (`--read-data`). */
  readData?: boolean;
  /** Read a part of the data: `'1/5'`, `'10%'` or a size such as `'2G'` (`--read-data-subset`). */
  readDataSubset?: string;
  /** Use the local cache instead of a fresh temporary one (`--with-cache`). */
  withCache?: boolean;
}

export function checkArgs(options: CheckOptions, installed: string): string[] {
  checkOptions('check', options, installed);
  const subset = options.readDataSubset === undefined ? undefined : checkString('readDataSubset', options.readDataSubset);
  if (subset !== undefined && !/^(\d+\/\d+|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/.test(subset)) {
    throw new InvalidArgumentError('readDataSubset', `expected 'n/t', 'x%' or a size, got '${subset}'`);
  }
  const argv = new ArgvBuilder(['check'])
    .flag('read-data', optionalBoolean('readData', options.readData))
    .value('read-data-subset', subset)
    .flag('with-cache', optionalBoolean('withCache', options.withCache));
  return addSnapshotFilters(argv, options).build();
}

/**
 * What restic before 0.18 says in text, in the shape of 0.18's JSON summary. Each problem
 * restic lists is counted once; restic 0.14 prints them as `error: …` lines or indented
 * under the pack or tree they concern.
 */
export function summaryFromCheckText(text: string, failed: boolean): CheckSummary {
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
 * `restic check`. Resolves with the summary when the repository is sound; when restic finds
 * problems it rejects with RepositoryCheckError, whose `summary.num_errors` counts them.
 */
export async function check(ctx: CommandContext, options: CheckOptions = {}): Promise<CheckSummary> {
  const installed = await ctx.resticVersion(options.signal);
  const args = checkArgs(options, installed);
  const json = hasFeature(installed, 'checkJsonOutput');
  let summary: CheckSummary | undefined;
  const text: string[] = [];
  const invocation = {
    name: 'check',
    args,
    json,
    signal: options.signal,
    onLine: (line: string): void => {
      const message = json ? parseJsonObjectLine(line) : undefined;
      if (message && messageType(message) === 'summary') summary = message as CheckSummary;
      else text.push(line);
    },
  };
  const result = await ctx.run(invocation);
  const all = text.join('\n') + '\n' + result.stderr;
  const found = json ? summary : summaryFromCheckText(all, result.exitCode === ExitCode.failure && /repository contains errors/.test(all));
  if (result.exitCode === ExitCode.failure && found && found.num_errors > 0 && !result.aborted) {
    throw new RepositoryCheckError<CheckSummary>(`check found ${found.num_errors} error(s) in the repository`, found, {
      exitCode: result.exitCode,
      stderr: result.stderr,
      args: result.args,
    });
  }
  const error = ctx.errorFor(result, invocation);
  if (error) throw error;
  return found ?? summaryFromCheckText(all, false);
}
