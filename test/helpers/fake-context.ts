import type { CommandContext, Invocation, RunResult } from '../../src/executor.js';
import { LineSplitter } from '../../src/process/line-splitter.js';
import type { ResticVersion } from '../../src/version.js';

/** What a fake run prints: stdout text, and optionally how restic ended. */
export interface FakeOutput {
  stdout: string;
  exitCode?: number;
  stderr?: string;
}

/** Text cut into lines as the executor cuts restic's output. */
function lines(text: string): string[] {
  const splitter = new LineSplitter();
  const all = splitter.push(text);
  const last = splitter.end();
  return last === undefined ? all : [...all, last];
}

/** The stdout text the executor keeps for a call without a line handler. */
export function keptText(stdout: string): string {
  return lines(stdout).join('\n');
}

/**
 * A CommandContext that runs nothing: it records each invocation and answers with the output
 * given for the command's name (`'key remove'`), so that a command's whole path, from its
 * options to its result, is tested on recorded output without restic.
 */
export function fakeContext(installed: string, outputs: Record<string, FakeOutput | string> = {}): CommandContext & { invocations: Invocation[]; remembered: ResticVersion[] } {
  const invocations: Invocation[] = [];
  const remembered: ResticVersion[] = [];
  const output = (invocation: Invocation): Required<FakeOutput> => {
    invocations.push(invocation);
    const given = outputs[invocation.name] ?? '';
    return { exitCode: 0, stderr: '', ...(typeof given === 'string' ? { stdout: given } : given) };
  };
  const answer = (invocation: Invocation): RunResult => {
    const { stdout, exitCode, stderr } = output(invocation);
    // As the executor does: with a line handler, stdout goes to it line by line and is not kept.
    if (invocation.onStderrLine) for (const line of lines(stderr)) invocation.onStderrLine(line);
    if (invocation.onLine) for (const line of lines(stdout)) invocation.onLine(line);
    const stdoutText = invocation.onLine ? '' : keptText(stdout);
    return { exitCode, signal: null, aborted: false, spawnError: undefined, stderr, args: [...invocation.args], stdoutText };
  };
  return {
    invocations,
    remembered,
    resticVersion: async () => installed,
    requireFeature: async () => undefined,
    run: async (invocation) => answer(invocation),
    errorFor: () => undefined,
    exec: async (invocation) => answer(invocation),
    // One batch: all the lines (or all the bytes) at once.
    stream: async function* stream(invocation: Invocation): AsyncGenerator<string[] | Buffer, void, undefined> {
      const { stdout } = output(invocation);
      yield invocation.binaryStdout ? Buffer.from(stdout) : lines(stdout);
    } as CommandContext['stream'],
    rememberVersion: (version) => remembered.push(version),
  };
}
