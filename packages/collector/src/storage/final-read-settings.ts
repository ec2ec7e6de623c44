/**
 * SETTINGS for reads of `calls` and `spans` with FINAL.
 *
 * - Copies of a row (a span stored twice, a call re-priced) share its
 *   partition, the month of start_time, so FINAL need not merge across
 *   partitions.
 * - Skip indexes (span id, trace id, content tokens) stay in use under FINAL:
 *   older servers turn them off there by default, which would make a lookup
 *   by id scan the project. Safe here because every indexed column holds the
 *   same value in every copy of a row; only costs change between copies.
 */
export const FINAL_READ_SETTINGS =
  'SETTINGS do_not_merge_across_partitions_select_final = 1, use_skip_indexes_if_final = 1'
