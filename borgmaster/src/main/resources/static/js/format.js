// Numbers as people read them: binary byte units, millicores, ages.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function bytes(n) {
  if (n == null) return '—';
  let v = Number(n);
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 || Number.isInteger(v) || v >= 100 ? 0 : 1;
  return `${v.toFixed(digits)} ${UNITS[u]}`;
}

export function cpu(millis) {
  if (millis == null) return '—';
  return millis % 1000 === 0 && millis !== 0 ? `${millis / 1000} cpu` : `${millis}m`;
}

export function count(n) {
  return n == null ? '—' : Number(n).toLocaleString('en');
}

/** A duration in ms: "850 ms", "4.2 s", "3 min 10 s", "2 h 5 min", "3 d 4 h". */
export function duration(ms) {
  if (ms == null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const parts = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];
  const out = [];
  let rest = Math.floor(s);
  for (const [size, unit] of parts) {
    if (rest >= size || out.length) {
      out.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
    if (out.length === 2) break;
  }
  return out.join(' ');
}

/** An instant as a stable label: the time of day if today, else the date too. */
export function when(epochMillis) {
  if (!epochMillis) return '—';
  const d = new Date(epochMillis);
  const today = d.toDateString() === new Date().toDateString();
  return today ? d.toLocaleTimeString('en-GB')
    : d.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function fullTime(epochMillis) {
  return epochMillis ? new Date(epochMillis).toISOString() : '';
}
