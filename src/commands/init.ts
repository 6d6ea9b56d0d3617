import { ArgvBuilder, oneOf, optionalBoolean } from '../args.js';
import { InvalidArgumentError, ResticOutputError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { hasFeature } from '../options/gate.js';
import { parseJsonDocument, parseJsonObjectLine } from '../json.js';
import type { CallOptions } from './common.js';
import { checkOptions } from '../option-table.js';
import { addSourceRepositoryFlags, hasSourceRepository, sourceRepositoryEnvironment, type SourceRepositoryOptions } from './source-repository.js';

export interface InitOptions extends CallOptions, SourceRepositoryOptions {
  /** Take the chunker parameters from the repository given by `fromRepo`, so that `copy` between the two deduplicates (`--copy-chunker-params`). */
  copyChunkerParams?: boolean;
  /** Repository format: `1`, `2`, `'latest'` or `'stable'` (`--repository-version`). */
  repositoryVersion?: 1 | 2 | '1' | '2' | 'latest' | 'stable';
}

const REPOSITORY_VERSIONS = ['1', '2', 'latest', 'stable'] as const;

/** `restic init`: creates the repository and resolves to its ID (64 hex digits on every restic version). */
export async function init(ctx: CommandContext, options: InitOptions = {}): Promise<string> {
  const installed = await ctx.resticVersion(options.signal);
  checkOptions('init', options, installed);
  const copyChunkerParams = optionalBoolean('copyChunkerParams', options.copyChunkerParams);
  if (copyChunkerParams && !hasSourceRepository(options)) {
    throw new InvalidArgumentError('copyChunkerParams', 'needs fromRepo (or fromRepositoryFile) to copy the parameters from');
  }
  const repositoryVersion = oneOf('repositoryVersion', options.repositoryVersion === undefined ? undefined : String(options.repositoryVersion), REPOSITORY_VERSIONS);
  const source = sourceRepositoryEnvironment(options);
  // restic 0.14 prints text (with a 10-digit ID) even when asked for JSON.
  const json = hasFeature(installed, 'initJsonOutput');
  const args = addSourceRepositoryFlags(new ArgvBuilder(['init']), options).flag('copy-chunker-params', copyChunkerParams).value('repository-version', repositoryVersion).build();
  const result = await ctx.exec({ name: 'init', args, json, signal: options.signal, env: source.env, secrets: source.secrets });
  if (json) {
    for (const line of result.stdoutText.split('\n')) {
      const message = parseJsonObjectLine(line);
      if (message && typeof message['id'] === 'string') return message['id'];
    }
    throw new ResticOutputError('restic init printed no repository ID', result.stdoutText);
  }
  if (!/created restic repository [0-9a-f]+/.test(result.stdoutText)) {
    throw new ResticOutputError('restic init did not confirm the new repository', result.stdoutText);
  }
  // The text gives only the first 10 digits; the config holds the whole ID.
  const config = await ctx.exec({ name: 'cat config', args: ['cat', 'config'], signal: options.signal });
  const id = parseJsonDocument<{ id?: unknown }>(config.stdoutText, 'cat config').id;
  if (typeof id !== 'string') throw new ResticOutputError('restic cat config printed no ID', config.stdoutText);
  return id;
}
