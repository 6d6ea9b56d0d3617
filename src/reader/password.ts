// The password, from one of three sources, as restic reads it: the string as given; a file, whole,
// with surrounding white space trimmed (restic's LoadPasswordFromFile, with textfile's BOM
// handling); or a command's output, trimmed, the command split as restic's SplitShellStrings
// splits it and run without a shell.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { abortedError, InvalidArgumentError, ResticError } from './errors.js';

/** restic's backend.SplitShellStrings: white space and backslashes split, quotes group (and are dropped). */
export function splitShellStrings(text: string): string[] {
  let quote = '';
  let last = '';
  const isSplit = (c: string): boolean => {
    if (last !== '\\') {
      if (quote !== '' && c === quote) {
        quote = '';
        return true;
      }
      if (quote === '' && (c === '"' || c === "'")) {
        quote = c;
        return true;
      }
    }
    last = c;
    if (quote !== '') return false;
    return c === '\\' || /\s/u.test(c);
  };
  const fields: string[] = [];
  let field: string | undefined;
  for (const c of text) {
    if (isSplit(c)) {
      if (field !== undefined) fields.push(field);
      field = undefined;
    } else {
      field = (field ?? '') + c;
    }
  }
  if (field !== undefined) fields.push(field);
  if (quote === "'") throw new InvalidArgumentError('passwordCommand', 'single-quoted string not terminated');
  if (quote === '"') throw new InvalidArgumentError('passwordCommand', 'double-quoted string not terminated');
  if (fields.length === 0) throw new InvalidArgumentError('passwordCommand', 'command string is empty');
  return fields;
}

/** Decodes a text file as restic's textfile.Read does: UTF-16 with a byte order mark, else UTF-8 (a UTF-8 BOM dropped). */
function decodeTextFile(data: Buffer): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  return data.toString('utf8');
}

export interface PasswordSource {
  password?: string;
  passwordFile?: string;
  passwordCommand?: string;
}

/** The password as UTF-8 bytes, in a Buffer the caller zeroes after use. */
export async function readPassword(source: PasswordSource, signal?: AbortSignal): Promise<Buffer> {
  const given = (['password', 'passwordFile', 'passwordCommand'] as const).filter((name) => source[name] !== undefined);
  if (given.length !== 1) throw new InvalidArgumentError('password', given.length === 0 ? 'give one of password, passwordFile or passwordCommand' : `give only one of ${given.join(', ')}`);
  if (source.password !== undefined) {
    if (typeof source.password !== 'string') throw new InvalidArgumentError('password', 'expected a string');
    return Buffer.from(source.password, 'utf8');
  }
  if (source.passwordFile !== undefined) {
    if (typeof source.passwordFile !== 'string' || source.passwordFile === '') throw new InvalidArgumentError('passwordFile', 'expected a file path');
    let data: Buffer;
    try {
      data = await readFile(source.passwordFile, { signal });
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      throw new ResticError(`cannot read the password file ${source.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
    const text = decodeTextFile(data).trim();
    data.fill(0);
    return Buffer.from(text, 'utf8');
  }
  if (typeof source.passwordCommand !== 'string') throw new InvalidArgumentError('passwordCommand', 'expected a command string');
  const [command, ...args] = splitShellStrings(source.passwordCommand);
  const output = await new Promise<Buffer>((resolve, reject) => {
    execFile(command!, args, { encoding: 'buffer', maxBuffer: 1024 * 1024, signal, windowsHide: true }, (error, stdout) => {
      if (error) {
        if (signal?.aborted) reject(abortedError(signal));
        else reject(new ResticError(`the password command failed (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { exitCode: typeof error.code === 'number' ? error.code : null }));
        return;
      }
      resolve(stdout);
    });
  });
  const text = output.toString('utf8').trim();
  output.fill(0);
  return Buffer.from(text, 'utf8');
}
