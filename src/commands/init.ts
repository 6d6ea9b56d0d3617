import { oneOf } from '../shared/checks.js';
import { commandLine, type CommandLine } from '../options/build.js';
import { defineCommand, flag, value } from '../options/declare.js';
import { InvalidArgumentError, ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature } from '../options/gate.js';
import { parseJsonDocument, parseJsonObjectLine } from '../json.js';
import { catArgs } from './cat.js';
import type { CallOptions } from './common.js';
import {
  hasSourceRepository,
  oneOfEachGroup,
  SOURCE_REPOSITORY,
  sourceRepositoryEnvironment,
  sourceRepositorySecrets,
  type SourceRepositoryOptions,
} from './source-repository.js';

export interface InitOptions extends CallOptions, SourceRepositoryOptions {
  /** Take the chunker parameters from the repository given by `fromRepo`, so that `copy` between the two deduplicates (`--copy-chunker-params`). */
  copyChunkerParams?: boolean;
  /** Repository format: `1`, `2`, `'latest'` or `'stable'` (`--repository-version`). */
  repositoryVersion?: 1 | 2 | '1' | '2' | 'latest' | 'stable';
}

const REPOSITORY_VERSIONS = ['1', '2', 'latest', 'stable'] as const;

/** `restic init`: every option, declared once. */
export const initCommand = defineCommand<InitOptions>({
  call: 'init',
  command: 'init',
  options: () => ({
    ...SOURCE_REPOSITORY,
    copyChunkerParams: flag('copy-chunker-params'),
    repositoryVersion: value('repository-version', {
      check: (option, v) => oneOf(option, v === undefined ? undefined : String(v), REPOSITORY_VERSIONS),
      sample: 2,
    }),
  }),
  validate: (options) => {
    oneOfEachGroup(options);
    if (options.copyChunkerParams && !hasSourceRepository(options)) {
      throw new InvalidArgumentError('copyChunkerParams', 'needs fromRepo (or fromRepositoryFile) to copy the parameters from');
    }
  },
});

/** init's argv, and the source repository's variables (each group given whole). */
export function initLine(options: InitOptions, installed: string): CommandLine {
  const { argv, env } = commandLine(initCommand, options, installed);
  return { argv, env: sourceRepositoryEnvironment(env) };
}

/**
 * The new repository's ID from init's output: with JSON (restic 0.15+) the whole ID; restic
 * 0.14 prints text (even when asked for JSON) with only 10 digits, so undefined there, once
 * the text confirms the repository. Throws ResticOutputError when the output says neither.
 */
export function readInitOutput(stdout: string, json: boolean): string | undefined {
  if (json) {
    for (const line of stdout.split('\n')) {
      const message = parseJsonObjectLine(line);
      if (message && typeof message['id'] === 'string') return message['id'];
    }
    throw new ResticOutputError('restic init printed no repository ID', stdout);
  }
  if (!/created restic repository [0-9a-f]+/.test(stdout)) throw new ResticOutputError('restic init did not confirm the new repository', stdout);
  return undefined;
}

/** `restic init`: creates the repository and resolves to its ID (64 hex digits on every restic version). */
export async function init(ctx: CommandContext, options: InitOptions = {}): Promise<string> {
  const installed = await ctx.resticVersion(options?.signal);
  const { argv, env } = initLine(options, installed);
  const json = hasFeature(installed, 'initJsonOutput');
  const result = await ctx.exec({ name: 'init', args: argv, json, signal: options.signal, env, secrets: sourceRepositorySecrets(options) });
  const id = readInitOutput(result.stdoutText, json);
  if (id !== undefined) return id;
  // The text gives only the first 10 digits; the config holds the whole ID.
  const config = await ctx.exec({ name: 'cat config', args: catArgs('config', undefined, {}, installed), signal: options.signal });
  const whole = parseJsonDocument<{ id?: unknown }>(config.stdoutText, 'cat config').id;
  if (typeof whole !== 'string') throw new ResticOutputError('restic cat config printed no ID', config.stdoutText);
  return whole;
}
