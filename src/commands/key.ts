import { checkHexId, secretString } from '../shared/checks.js';
import { argvOf } from '../options/build.js';
import { argument, defineCommand, flag, local, since, value } from '../options/declare.js';
import { HOST_NAME } from '../options/shared-options.js';
import { InvalidArgumentError } from '../errors.js';
import type { CommandContext } from '../executor.js';
import { parseJsonDocument } from '../json.js';
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

/** What restic reported after writing or removing a key. */
export interface KeyResult {
  /**
   * The key's whole ID, where restic names it: the new key of `add()` from restic 0.17 on
   * (undefined before), the removed key of `remove()` on every version. restic names no key
   * after `passwd()`, where it is always undefined.
   */
  id: string | undefined;
  /** What restic said. */
  message: string;
}

/** What `key.add()` did. */
export type KeyAddResult = KeyResult;

/** `restic key …`. */
export interface KeyCommands {
  /** The repository's keys. IDs are 64 hex digits on every version. */
  list(options?: CallOptions): Promise<KeyInfo[]>;
  /** Adds a key with a new password; resolves to what restic reported, with the new key's ID from restic 0.17 on. */
  add(options: KeyAddOptions): Promise<KeyAddResult>;
  /** Removes a key (not the one in use); a prefix of its ID is completed. Resolves to what restic reported, with the removed key's whole ID. */
  remove(keyId: string, options?: CallOptions): Promise<KeyResult>;
  /** Replaces the password of the key in use (restic writes a new key); resolves to what restic reported, which names no ID. */
  passwd(options: NewPasswordOptions): Promise<KeyResult>;
}

const USER = value('user');

function newPassword(option: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const password = secretString(option, v) as string;
  if (/[\r\n]/.test(password)) throw new InvalidArgumentError(option, 'restic reads one line: the password cannot contain a line break');
  return password;
}

/** The new password, given one way of three. A string never goes in argv: it travels on restic's stdin. */
const NEW_PASSWORD = {
  newInsecureNoPassword: flag('new-insecure-no-password', { since: '0.17.0' }),
  newPasswordFile: value('new-password-file'),
  newPassword: local({ check: newPassword, sample: 'secret' }),
} as const;

function onePassword(options: NewPasswordOptions): void {
  const given = [options.newPasswordFile, options.newPassword, options.newInsecureNoPassword || undefined].filter((v) => v !== undefined);
  if (given.length !== 1) throw new InvalidArgumentError('newPassword/newPasswordFile', 'give exactly one of newPassword, newPasswordFile and newInsecureNoPassword');
}

// restic 0.14–0.16 parse these flags on `key` itself and 0.17+ on the subcommand: after it, both accept them.

/** `restic key add`: every option, declared once. */
export const keyAddCommand = defineCommand<KeyAddOptions>({
  call: 'keyAdd',
  command: 'key add',
  options: () => ({ host: HOST_NAME, user: USER, ...NEW_PASSWORD }),
  validate: onePassword,
});

/** `restic key passwd`: every option, declared once. */
export const keyPasswdCommand = defineCommand<NewPasswordOptions>({
  call: 'keyPasswd',
  command: 'key passwd',
  // Accepted since 0.17.0, but only honoured by `key passwd` from 0.19.0 (restic #5757).
  options: () => ({ ...since('0.19.0', { host: HOST_NAME, user: USER }), ...NEW_PASSWORD }),
  validate: onePassword,
});

/** `restic key list`: it has no options. */
export const keyListCommand = defineCommand<CallOptions>({
  call: 'keyList',
  command: 'key list',
});

/** `restic key remove`: the key's ID, declared once (restic wants it whole: see remove()). */
export const keyRemoveCommand = defineCommand<CallOptions>({
  call: 'keyRemove',
  command: 'key remove',
  options: () => ({
    keyId: argument({ check: (option, v) => checkHexId(option, v), sample: '0123abcd' }),
  }),
});

/** argv and secret input for a new password, checked. */
export function newPasswordArgs(call: 'keyAdd' | 'keyPasswd', options: NewPasswordOptions, installed: string): { args: string[]; secretInput?: string } {
  if (options === undefined) throw new InvalidArgumentError('newPassword', 'give the new password: newPassword, newPasswordFile or newInsecureNoPassword');
  const args = argvOf(call === 'keyAdd' ? keyAddCommand : keyPasswdCommand, options, installed);
  return options.newPassword === undefined ? { args } : { args, secretInput: options.newPassword };
}

export function keyRemoveArgs(keyId: string, options: CallOptions, installed: string): string[] {
  return argvOf(keyRemoveCommand, options, installed, { keyId });
}

/** What restic printed after writing or removing a key, with the key's ID where restic names one. */
export function parseKeyMessage(stdout: string): KeyResult {
  const message = stdout.trim();
  return { id: /(?:saved new key with ID|removed key) ([0-9a-f]{64})/.exec(message)?.[1], message };
}

export function keyCommands(context: () => CommandContext): KeyCommands {
  return {
    async list(options = {}) {
      const ctx = context();
      const args = argvOf(keyListCommand, options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'key list', args, json: true, signal: options.signal });
      const keys = parseJsonDocument<KeyInfo[] | null>(result.stdoutText, 'key list') ?? [];
      if (keys.every((k) => k.id.length === 64)) return keys;
      // restic before 0.17 prints 8-digit IDs: complete them from the key files' names.
      const full = await listIds(ctx, 'keys', { signal: options.signal });
      return keys.map((k) => ({ ...k, id: full.find((id) => id.startsWith(k.id)) ?? k.id }));
    },
    async add(options) {
      const ctx = context();
      const { args, secretInput } = newPasswordArgs('keyAdd', options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'key add', args, signal: options.signal, secretInput });
      return parseKeyMessage(result.stdoutText);
    },
    async remove(keyId, options = {}) {
      const ctx = context();
      const installed = await ctx.resticVersion(options?.signal);
      // Refused before anything runs: unknown options, an ID that is not hexadecimal.
      keyRemoveArgs(keyId, options, installed);
      const id = await resolveFileId(ctx, 'keys', 'keyId', keyId, options.signal);
      const result = await ctx.exec({ name: 'key remove', args: keyRemoveArgs(id, options, installed), signal: options.signal });
      return parseKeyMessage(result.stdoutText);
    },
    async passwd(options) {
      const ctx = context();
      const { args, secretInput } = newPasswordArgs('keyPasswd', options, await ctx.resticVersion(options?.signal));
      const result = await ctx.exec({ name: 'key passwd', args, signal: options.signal, secretInput });
      return parseKeyMessage(result.stdoutText);
    },
  };
}
