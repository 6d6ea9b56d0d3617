import type { CallSettings } from './settings.js';

/** The reader module, loaded only when an instance opts into native reads (it brings fzstd). */
type ReaderModule = typeof import('./reader/index.js');
/** An open reader, as the instance uses it. */
export type NativeReader = Awaited<ReturnType<ReaderModule['ResticReader']['open']>>;

// In the bundles this import is rewritten to the reader's own bundle (scripts/build-bundles.mjs).
const loadReaderModule = (): Promise<ReaderModule> => import('./reader/index.js');

/** Backends the reader cannot read yet: every `scheme:` location but `local:`. */
const REMOTE = /^(?!local:)[a-z0-9]+:/i;

/**
 * Whether these settings let the reader stand in for restic: a local repository and a
 * password the instance holds itself (a password, file or command; not one inherited from the
 * environment, not an empty one). Anything else reads through restic.
 */
export function nativeReadsPossible(settings: CallSettings): boolean {
  if (settings.reads !== 'native' || settings.insecureNoPassword) return false;
  const repository = settings.repository;
  if (repository === undefined || REMOTE.test(repository)) return false;
  return settings.password !== undefined || settings.passwordFile !== undefined || settings.passwordCommand !== undefined;
}

/**
 * The reader an instance keeps open for its reads: opened on the first read, opened again when
 * the repository or password settings change, refreshed before each read so that what restic
 * wrote through the same instance (or anyone else) is seen.
 */
export class NativeReads {
  #open: { settings: CallSettings; reader: Promise<NativeReader> } | undefined;

  /** The open reader for these settings (opening it if needed), refreshed; undefined when the settings rule it out. */
  async reader(settings: CallSettings, signal?: AbortSignal): Promise<NativeReader | undefined> {
    if (!nativeReadsPossible(settings)) return undefined;
    const current = this.#open;
    if (!current || !sameRepositoryAndPassword(current.settings, settings)) {
      this.close();
      const reader = loadReaderModule().then(({ ResticReader }) =>
        ResticReader.open({
          repository: settings.repository as string,
          password: settings.password,
          passwordFile: settings.passwordFile,
          passwordCommand: settings.passwordCommand,
          keyHint: settings.keyHint,
          signal,
        }),
      );
      const opened = { settings, reader };
      this.#open = opened;
      // A failed open (an abort, a wrong password) must not stay cached.
      reader.catch(() => {
        if (this.#open === opened) this.#open = undefined;
      });
      const ready = await reader;
      return ready;
    }
    const reader = await current.reader;
    await reader.refresh({ signal });
    return reader;
  }

  /** Closes the reader, which zeroes the master key it holds. */
  close(): void {
    const current = this.#open;
    this.#open = undefined;
    current?.reader.then((reader) => reader.close()).catch(() => undefined);
  }
}

function sameRepositoryAndPassword(a: CallSettings, b: CallSettings): boolean {
  return a.repository === b.repository && a.password === b.password && a.passwordFile === b.passwordFile && a.passwordCommand === b.passwordCommand && a.keyHint === b.keyHint;
}
