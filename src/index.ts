export { Restic, restic } from './restic.js';
export type { CallSettings, ResticOptions } from './settings.js';
export type { CommandEvent } from './command-events.js';
export { COMPRESSION_MODES } from './settings.js';
export {
  ResticError,
  ResticNotFoundError,
  RepositoryNotFoundError,
  RepositoryAlreadyExistsError,
  RepositoryAccessDeniedError,
  RepositoryLockedError,
  WrongPasswordError,
  IncompleteBackupError,
  ResticAbortedError,
  UnsupportedFeatureError,
  InvalidArgumentError,
  ResticOutputError,
  RepositoryCheckError,
  RemoveAllRefusedError,
} from './errors.js';
export type { BackupFileError, LockHolder, ResticErrorDetails } from './errors.js';
export { FEATURES, type Feature, type FeatureName } from './options/gate.js';
export { OPTION_TABLE, FLAGS_NOT_OPTIONS, type CallName, type CallSpec, type OptionSpec } from './option-table.js';
export { compareVersions, parseVersionText, type ResticVersion } from './version.js';
export type { GroupBy, GroupKey, TagFilter } from './shared/checks.js';
export type { CallOptions, SnapshotFilterOptions } from './commands/common.js';
export type { SourceRepositoryOptions } from './commands/source-repository.js';
export type { BackupOptions } from './commands/backup.js';
export type { CatCommands } from './commands/cat.js';
export type { CopyOptions, CopyResult, CopiedSnapshot } from './commands/copy.js';
export type { DiffOptions } from './commands/diff.js';
export type { DumpOptions, DumpToFileOptions } from './commands/dump.js';
export type { LsNcduOptions, LsOptions } from './commands/ls.js';
export { LIST_TYPES, type ListCommands, type ListType } from './commands/list.js';
export type { GenerateOptions } from './commands/generate.js';
export type { KeyAddOptions, KeyAddResult, KeyCommands, KeyResult, NewPasswordOptions } from './commands/key.js';
export type { CacheEntry, CacheOptions, CacheResult } from './commands/cache.js';
export type { ExtendedOption } from './commands/extended-options.js';
export type { FeatureFlag } from './commands/features.js';
export type { MigrateOptions, MigrateResult, Migration } from './commands/migrate.js';
export type { MountHandle, MountOptions } from './commands/mount.js';
export type { RecoverResult } from './commands/recover.js';
export type { RepairCommands, RepairIndexOptions, RepairResult, RepairSnapshotsOptions, RepairSnapshotsResult } from './commands/repair.js';
export type { TaggedSnapshot, TagOptions, TagResult } from './commands/tag.js';
export type { PruneOptions, PruneResult, PruneTuning } from './commands/prune.js';
export type { RewriteOptions, RewriteResult, RewrittenSnapshot } from './commands/rewrite.js';
export type { SelfUpdateOptions } from './commands/self-update.js';
export type { UnlockOptions } from './commands/unlock.js';
export type { CheckOptions } from './commands/check.js';
export type { FindObjectsOptions, FindOptions } from './commands/find.js';
export type { ForgetOptions, KeepCount, RetentionPolicy } from './commands/forget.js';
export type { InitOptions } from './commands/init.js';
export type { RestoreOptions } from './commands/restore.js';
export type { SnapshotsOptions } from './commands/snapshots.js';
export { STATS_MODES, type StatsOptions, type StatsMode } from './commands/stats.js';
export type { VersionOptions } from './commands/version.js';
export type { SpawnFunction, StdinSource } from './process/restic-process.js';
export type { DiffChange, DiffCounts, DiffMessage, DiffResult, DiffStatistics } from './types/diff.js';
export type { LsMessage, LsNode, LsResult, LsSnapshot } from './types/ls.js';
export type { BackupStatus, BackupSummary, BackupVerboseStatus } from './types/backup.js';
export type { CheckSummary } from './types/check.js';
export type { FindMatch, FindObjectMatch, FindResult } from './types/find.js';
export type { ForgetGroup, KeepReason } from './types/forget.js';
export type { RestoreStatus, RestoreSummary } from './types/restore.js';
export type { Snapshot, SnapshotGroup, SnapshotRecord, SnapshotSummary } from './types/snapshot.js';
export type { StatsResult } from './types/stats.js';
export type { BlobEntry, IndexBlob, IndexFile, KeyFile, KeyInfo, LockFile, MasterKey, RepositoryConfig, Tree, TreeNode } from './types/repository.js';
