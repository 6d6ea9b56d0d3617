import { ArgvBuilder, optionalBoolean, optionalString } from '../args.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
import { checkOptions } from '../option-table.js';
import type { KeyInfo } from '../types/repository.js';
import type { CallOptions } from './common.js';
import { listIds } from './list.js';
import { resolveFileId } from './resolve-id.js';

/** The password of a new key: a file restic reads, or a string handed to restic on its stdin (never argv, never disk). */
export interface NewPasswordOptions extends CallOptions {
  /** A file holding the new password (`--new-password-file`). */
  newPasswordFile?: string;
  /** The new password itself. restic reads it from its stdin, where it asks for a new password when no file is named. */
  newPassword?: string;
  /** The new key has an empty password (`--new-insecure-no-password`, restic 0.17+); insecure. */
  newInsecureNoPassword?: boolean;
  /** The host name recorded in the key (`--host`; `passwd` honours it from restic 0.19). */
  host?: string;
  /** The user name recorded in the key (`--user`; `passwd` honours it from restic 0.19). */
  user?: string;
}

/** The options of `key.add()`: the new key's password, host and user. */
export type KeyAddOptions = NewPasswordOptions;

/** What `key.add()` did. */
export interface KeyAddResult {
  /** The new key's ID: restic 0.17+ prints it; restic before 0.17 does not, and it is undefined there. */
  id: string | undefined;
  /** What restic said. */
  message: string;
}

/** `restic key …`. */
export interface KeyCommands {
  /** The repository's keys. IDs are 64 hex digits on every version. */
  list(options?: CallOptions): Promise<KeyInfo[]>;
  /** Adds a key with a new password. */
  add(options: KeyAddOptions): Promise<KeyAddResult>;
  /** Removes a key (not the one in use); a prefix of its ID is completed. */
  remove(keyId: string, options?: CallOptions): Promise<void>;
  /** Replaces the password of the key in use. */
  passwd(options: NewPasswordOptions): Promise<void>;
}

/** argv and secret input for a new password, checked. */
export function newPasswordArgs(call: 'keyAdd' | 'keyPasswd', options: NewPasswordOptions, installed: string): { args: string[]; secretInput?: string } {
  if (options === undefined) throw new InvalidArgumentError('newPassword', 'give the new password: newPassword, newPasswordFile or newInsecureNoPassword');
  checkOptions(call, options, installed);
  const file = optionalString('newPasswordFile', options.newPasswordFile);
  const password = optionalString('newPassword', options.newPassword);
  const none = optionalBoolean('newInsecureNoPassword', options.newInsecureNoPassword);
  if ([file, password, none || undefined].filter((v) => v !== undefined).length !== 1) {
    throw new InvalidArgumentError('newPassword/newPasswordFile', 'give exactly one of newPassword, newPasswordFile and newInsecureNoPassword');
  }
  // restic 0.14–0.16 parse these flags on `key` itself and 0.17+ on the subcommand: after it, both accept them.
  const argv = new ArgvBuilder(call === 'keyAdd' ? ['key', 'add'] : ['key', 'passwd'])
    .value('host', optionalString('host', options.host))
    .value('user', optionalString('user', options.user))
    .flag('new-insecure-no-password', none);
  if (password !== undefined) {
    if (password === '') throw new InvalidArgumentError('newPassword', 'must not be empty');
    if (/[\r\n]/.test(password)) throw new InvalidArgumentError('newPassword', 'restic reads one line: the password cannot contain a line break');
    return { args: argv.build(), secretInput: password };
  }
  return { args: argv.value('new-password-file', file).build() };
}

export function keyCommands(context: () => CommandContext): KeyCommands {
  return {
    async list(options = {}) {
      const ctx = context();
      const result = await ctx.exec({ name: 'key list', args: ['key', 'list'], json: true, signal: options.signal });
      const keys = parseJsonDocument<KeyInfo[] | null>(result.stdoutText, 'key list') ?? [];
      if (keys.every((k) => k.id.length === 64)) return keys;
      // restic before 0.17 prints 8-digit IDs: complete them from the key files' names.
      const full = await listIds(ctx, 'keys', options);
      return keys.map((k) => ({ ...k, id: full.find((id) => id.startsWith(k.id)) ?? k.id }));
    },
    async add(options) {
      const ctx = context();
      const { args, secretInput } = newPasswordArgs('keyAdd', options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'key add', args, signal: options.signal, secretInput });
      const message = result.stdoutText.trim();
      return { id: /saved new key with ID ([0-9a-f]{64})/.exec(message)?.[1], message };
    },
    async remove(keyId, options = {}) {
      const ctx = context();
      const id = await resolveFileId(ctx, 'keys', 'keyId', keyId, options.signal);
      await ctx.exec({ name: 'key remove', args: ['key', 'remove', '--', id], signal: options.signal });
    },
    async passwd(options) {
      const ctx = context();
      const { args, secretInput } = newPasswordArgs('keyPasswd', options, await ctx.resticVersion(options?.signal));
      await ctx.exec({ name: 'key passwd', args, signal: options.signal, secretInput });
    },
  };
}
