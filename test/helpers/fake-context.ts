import type { CommandContext, Invocation, RunResult } from '../../src/executor.js';
import type { ResticVersion } from '../../src/version.js';

/** What a fake run prints: stdout text, and optionally how restic ended. */
export interface FakeOutput {
  stdout: string;
  exitCode?: number;
  stderr?: string;
}

/**
 * A CommandContext that runs nothing: it records each invocation and answers with the output
 * given for the command's name (`'key remove'`), so that a command's whole path, from its
 * options to its result, is tested on recorded output without restic.
 */
export function fakeContext(installed: string, outputs: Record<string, FakeOutput | string> = {}): CommandContext & { invocations: Invocation[]; remembered: ResticVersion[] } {
  const invocations: Invocation[] = [];
  const remembered: ResticVersion[] = [];
  const answer = (invocation: Invocation): RunResult => {
    invocations.push(invocation);
    const given = outputs[invocation.name] ?? '';
    const { stdout, exitCode = 0, stderr = '' } = typeof given === 'string' ? { stdout: given } : given;
    return { exitCode, signal: null, aborted: false, spawnError: undefined, stderr, args: [...invocation.args], stdoutText: stdout };
  };
  return {
    invocations,
    remembered,
    resticVersion: async () => installed,
    requireFeature: async () => undefined,
    run: async (invocation) => answer(invocation),
    errorFor: () => undefined,
    exec: async (invocation) => answer(invocation),
    stream: (() => {
      throw new Error('the fake context does not stream');
    }) as CommandContext['stream'],
    rememberVersion: (version) => remembered.push(version),
  };
}
