/** What `stats` prints; which fields appear depends on the mode (compression fields on v2 repositories, restic 0.15+). */
export interface StatsResult {
  /** Size in bytes of what the mode counts (`restore-size`: the files as a restore would write them; `raw-data`: the blobs as stored). */
  total_size: number;
  /** Files counted; in `raw-data` mode 0 (restic 0.14) or absent (0.18+). */
  total_file_count?: number;
  /** Blobs counted (`blobs-per-file` and `raw-data` modes). */
  total_blob_count?: number;
  /** Snapshots processed. */
  snapshots_count?: number;
  /** `raw-data`: what the blobs would take uncompressed, in bytes. */
  total_uncompressed_size?: number;
  /** `raw-data`: uncompressed size / stored size of the compressed blobs. */
  compression_ratio?: number;
  /** `raw-data`: the percentage (0–100) of the data that is stored compressed. */
  compression_progress?: number;
  /** `raw-data`: the space compression saves overall, in percent of the uncompressed size. */
  compression_space_saving?: number;
  [field: string]: unknown;
}
