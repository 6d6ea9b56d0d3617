// restic's times: Go's time.Time written as RFC 3339 with nanoseconds. Kept here as whole seconds
// since the epoch plus nanoseconds, because a JavaScript Date holds milliseconds only.

export interface GoTime {
  seconds: number;
  nanos: number;
}

/** Seconds of Go's zero time (0001-01-01T00:00:00Z) since the epoch. */
const GO_ZERO_SECONDS = -62135596800;

/** RFC 3339 time as (seconds, nanoseconds), keeping Go's nanosecond precision. Unreadable text is the epoch. */
export function timeKey(text: unknown): GoTime {
  const m = typeof text === 'string' ? /^(\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text) : null;
  if (!m) return { seconds: 0, nanos: 0 };
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return { seconds: Math.floor(ms / 1000), nanos: Number((m[2] ?? '').slice(0, 9).padEnd(9, '0')) };
}

/** Go's Time.IsZero: the instant 0001-01-01T00:00:00Z (what restic stores for an unknown time). */
export function isZeroTime(time: GoTime): boolean {
  return time.seconds === GO_ZERO_SECONDS && time.nanos === 0;
}

/** Go's Time.Round(time.Second) as Unix seconds: halfway rounds up. */
export function roundedSeconds(time: GoTime): number {
  return time.nanos >= 500_000_000 ? time.seconds + 1 : time.seconds;
}
