// resticjs/reader: reads restic repositories directly, without a restic process.
export { ResticReader, type ReaderCallOptions, type ReaderCatCommands, type ReaderFindOptions, type ReaderLsOptions, type ReaderSnapshotFilter, type ReaderWarning, type ResticReaderOptions } from './reader.js';
export { BackendError, ObjectNotFoundError, ReaderClosedError, RepositoryCorruptError, UnsupportedRepositoryError } from './errors.js';
export { InvalidArgumentError, RepositoryAccessDeniedError, RepositoryNotFoundError, ResticAbortedError, ResticError, WrongPasswordError } from '../errors.js';
export type { ScryptLimits } from './crypto/key-derivation.js';
export type { FindMatch, FindResult } from '../types/find.js';
export type { LsMessage, LsNode, LsResult, LsSnapshot } from '../types/ls.js';
export type { IndexFile, KeyFile, RepositoryConfig, Tree, TreeNode } from '../types/repository.js';
export type { Snapshot, SnapshotRecord } from '../types/snapshot.js';
