// Sizes and times as people read them; used by the page and by the server's status texts.

/** 1536 → "1.5 KiB". */
export function bytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** An RFC 3339 time as "2025-03-01 14:05", in the reader's time zone. */
export function time(text) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text ?? '—';
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** "1 file", "2 files". */
export function count(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
