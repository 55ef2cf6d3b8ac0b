/**
 * ISO calendar dates (`YYYY-MM-DD`). Such strings sort lexicographically in date order, which is how
 * the price table is checked for ascending dates and filtered by an inclusive range.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is `YYYY-MM-DD` with month 01..12 and day 01..31 (no calendar arithmetic). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** `start .. end` for messages, with the open ends shown as the table's first/last date. */
export function describeRange(start: string | undefined, end: string | undefined): string {
  return `${start ?? '(first date)'} .. ${end ?? '(last date)'}`;
}
