// Durations as users type them: a number and a unit (`30m`, `8h`, `7d`, `2w`), or several in
// descending order without spaces (`1h30m`, `1d12h`). Maxima are policy and live elsewhere.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export const MIN_DURATION_MS = MINUTE;

// At most six digits per part keeps any sum far inside safe integers and the Date range.
const DURATION = /^(?:(\d{1,6})w)?(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?$/i;
const UNIT_MS = [WEEK, DAY, HOUR, MINUTE] as const;

export const DURATION_EXAMPLES = '`30m`, `8h`, `7d` or `2w`';

export type DurationResult = { ok: true; ms: number } | { ok: false; code: 'bad_duration'; message: string };

export function parseDuration(text: string): DurationResult {
  const match = DURATION.exec(text.trim());
  const parts = match?.slice(1) ?? [];
  if (!parts.some((part) => part !== undefined)) {
    return {
      ok: false,
      code: 'bad_duration',
      message: `A duration is a number and a unit (m, h, d or w), e.g. ${DURATION_EXAMPLES}.`,
    };
  }
  const ms = parts.reduce((sum, part, i) => sum + Number(part ?? 0) * (UNIT_MS[i] ?? 0), 0);
  if (ms < MIN_DURATION_MS) {
    return { ok: false, code: 'bad_duration', message: 'A duration must be at least 1 minute.' };
  }
  return { ok: true, ms };
}

/**
 * Days, hours and minutes, largest first, zero parts left out, rounded to the nearest minute:
 * `30m`, `8h`, `1d 4h`, `14d 5m`. No weeks, so
 * every value reads in the same few units.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration: ${ms}`);
  let minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / (DAY / MINUTE));
  minutes -= days * (DAY / MINUTE);
  const hours = Math.floor(minutes / (HOUR / MINUTE));
  minutes -= hours * (HOUR / MINUTE);
  const parts = [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : ''].filter(
    (part) => part !== '',
  );
  return parts.length > 0 ? parts.join(' ') : '0m';
}
