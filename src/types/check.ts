/**
 * What `check` found. restic 0.18+ prints this as JSON; for older restic resticjs builds the
 * same shape from the text (`broken_packs` is null there, as 0.18 prints it when it knows of none: old restic does not list them).
 */
export interface CheckSummary {
  message_type: 'summary';
  num_errors: number;
  broken_packs: string[] | null;
  suggest_repair_index: boolean;
  suggest_prune: boolean;
  [field: string]: unknown;
}
