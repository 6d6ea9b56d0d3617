// resticjs/reader: reads restic repositories directly, without a restic process.
export { ResticReader } from './reader.js';
export type { ReaderCallOptions, ReaderCatCommands, ReaderFindOptions, ReaderLsOptions, ReaderSnapshotFilter, ReaderWarning, ResticReaderOptions } from './options.js';
export { BackendError, ObjectNotFoundError, ReaderClosedError, RepositoryCorruptError, UnsupportedRepositoryError } from './errors.js';
export { InvalidArgumentError, RepositoryAccessDeniedError, RepositoryNotFoundError, ResticAbortedError, ResticError, WrongPasswordError } from '../errors.js';
export type { ScryptLimits } from './crypto/key-derivation.js';
export type { FindMatch, FindResult } from '../types/find.js';
export type { LsMessage, LsNode, LsResult, LsSnapshot } from '../types/ls.js';
export type { IndexFile, KeyFile, RepositoryConfig, Tree, TreeNode } from '../types/repository.js';
export type { Snapshot, SnapshotRecord } from '../types/snapshot.js';
