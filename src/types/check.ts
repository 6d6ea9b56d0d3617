/**
 * What `check` found, and restic's text (`log`). restic 0.18+ prints the rest as JSON; for older restic resticjs builds the
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
  /**
   * What restic printed on stdout, less the JSON summary (resticjs adds this field). restic
   * before 0.18 prints its report as text: the steps (`load indexes`, `check all packs`, …),
   * the progress lines and `no errors were found`; the problems it finds go to stderr. restic
   * 0.18+ is asked for JSON and prints only the summary there, so `log` is empty: what it
   * found is in the fields above and, when it finds errors, in RepositoryCheckError's stderr.
   */
  log: string;
  [field: string]: unknown;
}
