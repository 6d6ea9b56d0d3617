import { optionalBoolean, optionalString, oneOf, stringList } from '../shared/checks.js';
import { InvalidArgumentError } from '../errors.js';

/**
 * How an option reaches restic. The builder (build.ts) is the only code that turns these
 * into argv, so a kind says everything about the option's place on the command line.
 */
export type OptionKind =
  /** `--name` when true. */
  | 'flag'
  /** `--name=value`. */
  | 'value'
  /** `--name=a --name=b`, one per value. */
  | 'repeated'
  /** `--<value>`: one of several flags, chosen by the value (`find --blob|--tree|--pack`). */
  | 'choice'
  /** `--name`, then the value (a program and its arguments) after `--`. */
  | 'command'
  /** After `--`, from the options object (paths, snapshot IDs). */
  | 'positional'
  /** After `--`, a parameter of the method (`find(pattern)`), not an option. */
  | 'argument'
  /** A variable of restic's environment (secrets and locations never go in argv). */
  | 'env'
  /** Read by resticjs only: callbacks, stdin data, timeouts. */
  | 'local';

/** Checks a value and returns what goes on the command line (undefined: nothing). */
export type Check = (option: string, value: unknown, installed: string) => unknown;

/** One option of a call, declared once: where it goes, how it is checked, since when restic has it. */
export interface OptionDeclaration {
  readonly kind: OptionKind;
  /** The restic flag, without dashes (for `env`, the flag restic also has for it). */
  readonly flag?: string;
  /** The flags a `choice` picks from. */
  readonly flags?: readonly string[];
  /** The variable an `env` option sets. */
  readonly variable?: string;
  /** The first restic release that has the option, when later than 0.14.0. */
  readonly since?: string;
  /** On a restic older than `since`, accept the option and pass nothing (resticjs does the work itself). */
  readonly omitBefore?: boolean;
  /** Checks the value; its result is what the builder emits. */
  readonly check: Check;
  /** A valid value, for the test that gives each option alone. */
  readonly sample: unknown;
}

interface Extra {
  since?: string;
  check?: Check;
  sample?: unknown;
  omitBefore?: boolean;
}

// The shared checks take options of their own as a third argument: wrapped, so that the
// installed version never reaches them in its place.
/** A non-empty string without NUL, or nothing. */
export const aString: Check = (option, v) => optionalString(option, v);
const strings: Check = (option, v) => stringList(option, v);

function declare(kind: OptionKind, fields: Partial<OptionDeclaration>, extra: Extra, check: Check, sample: unknown): OptionDeclaration {
  const declaration: OptionDeclaration = { kind, ...fields, check: extra.check ?? check, sample: 'sample' in extra ? extra.sample : sample };
  if (extra.since !== undefined) Object.assign(declaration, { since: extra.since });
  if (extra.omitBefore) Object.assign(declaration, { omitBefore: true });
  return Object.freeze(declaration);
}

/** `--name` when the value is true. */
export const flag = (name: string, extra: Extra = {}): OptionDeclaration => declare('flag', { flag: name }, extra, optionalBoolean, true);

/** `--name=value`; by default a non-empty string. */
export const value = (name: string, extra: Extra = {}): OptionDeclaration => declare('value', { flag: name }, extra, aString, 'x');

/** `--name=value` once per value; by default a string or a list of strings. */
export const repeated = (name: string, extra: Extra = {}): OptionDeclaration => declare('repeated', { flag: name }, extra, strings, ['x']);

/** One of several flags, named by the value. */
export const choice = (names: readonly string[], extra: Extra = {}): OptionDeclaration =>
  declare('choice', { flags: names }, extra, (option, v) => oneOf(option, v, names), names[0]);

/** `--name`, then a program and its arguments after `--`. */
export const commandLine = (name: string, extra: Extra = {}): OptionDeclaration =>
  declare('command', { flag: name }, extra, (option, v) => {
    const list = stringList(option, v);
    if (list?.length === 0) throw new InvalidArgumentError(option, 'give the program to run, then its arguments');
    return list;
  }, ['program']);

/** Positionals from the options object, after `--`. */
export const positional = (extra: Extra = {}): OptionDeclaration => declare('positional', {}, extra, strings, ['x']);

/** Positionals from a parameter of the method, after `--`. */
export const argument = (extra: Extra = {}): OptionDeclaration => declare('argument', {}, extra, strings, ['x']);

/** A variable of restic's environment; `flag` names the flag restic has for the same thing (for coverage). */
export const env = (variable: string, extra: Extra & { flag?: string } = {}): OptionDeclaration =>
  declare('env', { variable, ...(extra.flag === undefined ? {} : { flag: extra.flag }) }, extra, aString, 'x');

/** An option resticjs reads itself; restic never sees it. */
export const local = (extra: Extra = {}): OptionDeclaration => declare('local', {}, extra, (_, v) => v, undefined);

function checkCallback(option: string, v: unknown): unknown {
  if (v !== undefined && typeof v !== 'function') throw new InvalidArgumentError(option, 'expected a function');
  return v;
}

/** A callback; with `flag`, giving it turns that flag on (`onVerbose` → `--verbose`). */
export const callback = (extra: Extra & { flag?: string } = {}): OptionDeclaration =>
  extra.flag === undefined
    ? declare('local', {}, extra, checkCallback, () => undefined)
    : declare('flag', { flag: extra.flag }, extra, (option, v) => checkCallback(option, v) !== undefined, () => undefined);

/** The same declarations, first available in `release` (`check` filters by host only from 0.19). */
export function since<T extends Record<string, OptionDeclaration>>(release: string, declarations: T): T {
  return Object.fromEntries(Object.entries(declarations).map(([name, d]) => [name, Object.freeze({ ...d, since: release })])) as T;
}

/** Each option of a command, as resticjs names it. */
export type Declarations = Readonly<Record<string, OptionDeclaration>>;

/** Everything about one restic command that is data: its words, its options, the release that added it. */
export interface CommandSpec<O = object> {
  /** The call's name, the key of OPTION_TABLE (`'backup'`, `'repairIndex'`, `'keyAdd'`). */
  readonly call: string;
  /** The restic command it runs (`'repair index'`; `''` for the global flags). */
  readonly command: string;
  /** The first restic release that has the command (or this use of it), when later than 0.14.0. */
  readonly since?: string;
  /** Flags that make the call what it is, passed every time, not options (`ls --ncdu` for lsNcdu). */
  readonly fixedFlags?: readonly string[];
  /** Each option, as resticjs names it. */
  readonly options: Declarations;
  /** Checks that span several options, run after each option's own check. */
  readonly validate?: (options: O, installed: string) => void;
}

/** A command as its module writes it: the options come from a function, called on first use. */
export interface CommandDeclaration<O = object> extends Omit<CommandSpec<O>, 'options'> {
  /** The options (none when omitted). */
  readonly options?: () => Declarations;
}

/**
 * Declares a command. Its options are made on first use, not at import: a program that
 * imports resticjs and runs two commands should not pay for the declarations of forty.
 * The result is frozen, as it is shared by every call.
 */
export function defineCommand<O = object>(declaration: CommandDeclaration<O>): CommandSpec<O> {
  const { call, command, since, fixedFlags, validate } = declaration;
  let made: Declarations | undefined;
  // One object literal for every command: they share one shape, which costs less at import.
  return Object.freeze({
    call,
    command,
    since,
    fixedFlags,
    validate,
    get options(): Declarations {
      return (made ??= Object.freeze({ ...declaration.options?.() }));
    },
  });
}
