const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

function validCalendar(y: number, m: number, d: number): boolean {
  // Day 0 of the next month is the last day of this one; Date would silently roll 02-30 into March.
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * `--since`: a date (midnight UTC) or a date-time with its zone; a zoneless time would mean the
 * server's local time, which is a guess, so it is refused. Undefined when the text is neither.
 */
export function parseSince(text: string): Date | undefined {
  const date = DATE.exec(text);
  if (date) {
    const [y, m, d] = date.slice(1).map(Number) as [number, number, number];
    return validCalendar(y, m, d) ? new Date(Date.UTC(y, m - 1, d)) : undefined;
  }
  const dt = DATE_TIME.exec(text);
  if (!dt) return undefined;
  const [y, m, d, h, min, s] = dt.slice(1, 7).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validCalendar(y, m, d) || h > 23 || min > 59 || s > 59) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
