/** What `stats` prints; which fields appear depends on the mode (compression fields on v2 repositories, restic 0.15+). */
export interface StatsResult {
  total_size: number;
  total_file_count?: number;
  total_blob_count?: number;
  snapshots_count?: number;
  total_uncompressed_size?: number;
  compression_ratio?: number;
  compression_progress?: number;
  compression_space_saving?: number;
  [field: string]: unknown;
}
