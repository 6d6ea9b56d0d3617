/** The IDs restic names things by, written once for the restic path and the reader. */

/** A whole ID: 64 lowercase hex digits (a SHA-256). */
export const WHOLE_ID = /^[0-9a-f]{64}$/;

/** An ID or a prefix of one: 1 to 64 lowercase hex digits. */
export const HEX_ID_OR_PREFIX = /^[0-9a-f]{1,64}$/;

/** A snapshot as restic takes it on the command line: `latest` or an ID prefix. */
export const SNAPSHOT_ID = /^(latest|[0-9a-f]{1,64})$/;

/** A snapshot with a folder in it: `<id>:<path in the snapshot>` (restic 0.16+). */
export const SNAPSHOT_ID_WITH_SUBFOLDER = /^(latest|[0-9a-f]{1,64}):./;
