/**
 * What `check` found. restic 0.18+ prints this as JSON; for older restic resticjs builds the
 * same shape from the text (`broken_packs` is null there, as 0.18 prints it when it knows of none: old restic does not list them).
 */
export interface CheckSummary {
  /** Always `summary`. */
  message_type: 'summary';
  /** The number of errors found. */
  num_errors: number;
  /** IDs of damaged pack files: run `repair packs` with them, then `repair snapshots --forget`. */
  broken_packs: string[] | null;
  /** restic advises `repair index`. */
  suggest_repair_index: boolean;
  /** restic advises `prune`. */
  suggest_prune: boolean;
  [field: string]: unknown;
}
