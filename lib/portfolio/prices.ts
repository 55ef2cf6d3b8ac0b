/**
 * Daily price tables: parse a price CSV (text in, no file I/O) and select tickers and a date range.
 *
 * CSV layout (as data/stock_prices.csv, PyPortfolioOpt's `tests/resources/stock_prices.csv`):
 *
 *   date,GOOG,AAPL,...
 *   1989-12-29,,0.117203,...      <- empty cell = no price that day (before the ticker's first trade)
 *
 * The date column is the column headed `date` (any case), else the first column; dates are ISO
 * `YYYY-MM-DD`, strictly ascending. Every other column is one ticker; a cell is a positive decimal
 * number (USD, any unit works) or empty.
 */

import { CsvError, parse } from 'csv-parse/sync';
import { describeRange, isIsoDate } from './dates';
import { PortfolioError, invalidProblem, showValue } from './errors';

/** A parsed price CSV. `prices[k][t]` is the price of `tickers[k]` on `dates[t]`; NaN = missing. */
export interface PriceTable {
  /** ISO dates, strictly ascending, length T. */
  readonly dates: readonly string[];
  /** Ticker column names in file order, length K. */
  readonly tickers: readonly string[];
  /** One column per ticker, each of length T; NaN where the cell was empty. */
  readonly prices: readonly Float64Array[];
}

/** Which prices to use: tickers (in the order wanted) and an optional inclusive ISO date range. */
export interface PriceSelection {
  readonly tickers: readonly string[];
  /** First date to include (ISO `YYYY-MM-DD`, inclusive); default: the table's first date. */
  readonly start?: string;
  /** Last date to include (ISO `YYYY-MM-DD`, inclusive); default: the table's last date. */
  readonly end?: string;
  /** Fewest rows to accept after filtering (default 2, the least that gives one return). */
  readonly minRows?: number;
}

/** Prices of the chosen tickers on the rows where all of them have a price. */
export interface SelectedPrices {
  /** The chosen tickers, in the order requested, length n. */
  readonly tickers: readonly string[];
  /** Dates of the kept rows, ascending, length T'. */
  readonly dates: readonly string[];
  /** `prices[k][t]`: price of `tickers[k]` on `dates[t]`; all finite and > 0. */
  readonly prices: readonly Float64Array[];
  /** Rows inside the date range dropped because at least one chosen ticker had no price. */
  readonly droppedRows: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

function invalidPrices(message: string, details: Record<string, unknown> = {}, cause?: unknown): PortfolioError {
  return new PortfolioError('INVALID_PRICES', message, { field: 'prices', details, cause });
}

function readRecords(text: string): CsvRecord[] {
  try {
    return parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const fix =
        error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
          ? 'every row needs one cell per header column'
          : 'check the quoting and that cells are separated by commas';
      throw invalidPrices(`prices: malformed CSV: ${error.message}; ${fix}`, { csvCode: error.code }, error);
    }
    throw error;
  }
}

/** Index of the date column: the one headed `date` (any case), else 0 when its values are dates. */
function findDateColumn(header: readonly string[], firstRow: CsvRecord): number {
  const named = header.findIndex((name) => name.toLowerCase() === 'date');
  if (named >= 0) return named;
  const cell = firstRow.record[0] ?? '';
  if (!isIsoDate(cell)) {
    throw invalidPrices(
      `prices: missing date column: no column is headed "date" and the first column ${showValue(header[0])} ` +
        `holds ${showValue(cell)} on line ${firstRow.info.lines}; add a first column "date" with ISO dates YYYY-MM-DD`,
      { header: [...header], line: firstRow.info.lines, value: cell },
    );
  }
  return 0;
}

/**
 * Parses a daily price CSV into a `PriceTable`.
 *
 * @param text the whole CSV (header line + one line per date); a UTF-8 BOM and CRLF are accepted.
 * @throws PortfolioError `INVALID_PRICES` (field `prices`) when the text is empty, has no data rows or
 *   no ticker columns, is malformed CSV (e.g. a row with a different number of cells), has no date
 *   column, has a date that is not ISO or not strictly after the previous one, or has a non-empty cell
 *   that is not a positive number (the message names the line, the column and the value).
 * @example parsePriceCsv('date,A,B\n2020-01-02,1.5,\n2020-01-03,1.6,7\n').prices[1] // [NaN, 7]
 */
export function parsePriceCsv(text: string): PriceTable {
  if (typeof text !== 'string' || text.trim() === '') {
    throw invalidPrices('prices: the CSV is empty; expected a header line "date,TICKER,..." and one line per date');
  }
  const records = readRecords(text);
  const head = records[0];
  const firstRow = records[1];
  if (head === undefined || firstRow === undefined) {
    const fix = 'add one line per date ("YYYY-MM-DD,price,...")';
    throw invalidPrices(`prices: the CSV has a header but no data rows; ${fix}`, { rows: 0 });
  }
  const header = head.record;
  const dateColumn = findDateColumn(header, firstRow);
  const columns = header.map((_, c) => c).filter((c) => c !== dateColumn);
  const tickers = columns.map((c) => header[c] ?? '');
  if (tickers.length === 0) {
    throw invalidPrices('prices: the CSV has a date column but no ticker columns; add one column per ticker', {
      header: [...header],
    });
  }
  const seen = new Set<string>();
  tickers.forEach((ticker, k) => {
    if (ticker === '') {
      throw invalidPrices(`prices: ticker column ${columns[k]! + 1} has an empty header; name every column`, {
        column: columns[k]! + 1,
      });
    }
    if (seen.has(ticker)) {
      throw invalidPrices(`prices: ticker column ${showValue(ticker)} appears twice in the header; keep one`, {
        ticker,
      });
    }
    seen.add(ticker);
  });

  const rowCount = records.length - 1;
  const dates: string[] = new Array<string>(rowCount);
  const prices = tickers.map(() => new Float64Array(rowCount));
  for (let t = 0; t < rowCount; t++) {
    const { record, info } = records[t + 1]!;
    const date = record[dateColumn] ?? '';
    if (!isIsoDate(date)) {
      throw invalidPrices(`prices: line ${info.lines}: date ${showValue(date)} is not an ISO date; use YYYY-MM-DD`, {
        line: info.lines,
        column: header[dateColumn],
        value: date,
      });
    }
    const previous = t > 0 ? dates[t - 1]! : undefined;
    if (previous !== undefined && date <= previous) {
      const problem = date === previous ? 'is a duplicate' : `comes before ${previous} on the line above`;
      throw invalidPrices(
        `prices: line ${info.lines}: date ${date} ${problem}; dates must be unique and in ascending order`,
        { line: info.lines, value: date, previous },
      );
    }
    dates[t] = date;
    for (let k = 0; k < columns.length; k++) {
      const cell = record[columns[k]!] ?? '';
      prices[k]![t] = parsePrice(cell, info.lines, tickers[k]!);
    }
  }
  return { dates, tickers, prices };
}

function parsePrice(cell: string, line: number, ticker: string): number {
  if (cell === '') return Number.NaN;
  const value = NUMBER.test(cell) ? Number(cell) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0) {
    throw invalidPrices(
      `prices: line ${line}, column ${ticker}: ${showValue(cell)} is not a valid price; ` +
        'must be a positive decimal number, or empty when there is no price',
      { line, column: ticker, value: cell },
    );
  }
  return value;
}

function checkSelection(table: PriceTable, selection: PriceSelection): number[] {
  const { tickers, start, end } = selection;
  if (!Array.isArray(tickers) || tickers.length === 0) {
    throw invalidProblem(
      'portfolio.tickers',
      `portfolio.tickers: ${showValue(tickers)} is not a list of tickers; ` +
        `give at least one of ${table.tickers.join(', ')}`,
      { value: tickers },
    );
  }
  const duplicate = tickers.find((ticker, i) => tickers.indexOf(ticker) !== i);
  if (duplicate !== undefined) {
    throw invalidProblem(
      'portfolio.tickers',
      `portfolio.tickers: ${showValue(duplicate)} is listed twice; list each ticker once`,
      { value: duplicate },
    );
  }
  const unknown = tickers.filter((ticker) => !table.tickers.includes(ticker));
  if (unknown.length > 0) {
    const hints = unknown
      .map((u) => table.tickers.find((t) => typeof u === 'string' && t.toLowerCase() === u.toLowerCase()))
      .filter((t): t is string => t !== undefined);
    const hint = hints.length > 0 ? ` (did you mean ${hints.join(', ')}?)` : '';
    throw new PortfolioError(
      'UNKNOWN_TICKER',
      `portfolio.tickers: unknown ticker${unknown.length > 1 ? 's' : ''} ${unknown.map(showValue).join(', ')}${hint}; ` +
        `available tickers: ${table.tickers.join(', ')}`,
      { field: 'portfolio.tickers', details: { unknown, available: [...table.tickers] } },
    );
  }
  for (const [field, value] of [
    ['portfolio.start', start],
    ['portfolio.end', end],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || !isIsoDate(value))) {
      throw invalidProblem(field, `${field}: ${showValue(value)} is not an ISO date; use YYYY-MM-DD`, { value });
    }
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidProblem(
      'portfolio.end',
      `portfolio.end: ${end} is before portfolio.start ${start}; the range is inclusive ` +
        'and must have start <= end',
      { start, end },
    );
  }
  return tickers.map((ticker) => table.tickers.indexOf(ticker));
}

/**
 * Picks tickers and an inclusive date range, then drops every row where any chosen ticker has no price
 * (the pandas `df.loc[start:end, tickers].dropna()` convention).
 *
 * @returns the kept rows and `droppedRows` (rows in range lacking a chosen price). Example: GOOG and
 *   AAPL over the bundled data keep 3435 rows from 2004-08-19 and drop 3691.
 * @throws PortfolioError `UNKNOWN_TICKER` (field `portfolio.tickers`, message lists the available
 *   tickers); `INVALID_PROBLEM` for an empty/duplicated ticker list (`portfolio.tickers`) or a bad
 *   range (`portfolio.start` / `portfolio.end`); `INSUFFICIENT_DATA` when fewer than `minRows`
 *   (default 2) rows remain, naming the range and the rows found: field `portfolio.start` (or
 *   `portfolio.end`) when the range itself holds too few rows, else `prices`.
 */
export function selectPrices(table: PriceTable, selection: PriceSelection): SelectedPrices {
  const indices = checkSelection(table, selection);
  const { start, end } = selection;
  const minRows = selection.minRows ?? 2;
  const columns = indices.map((c) => table.prices[c]!);
  const kept: number[] = [];
  let inRange = 0;
  for (let t = 0; t < table.dates.length; t++) {
    const date = table.dates[t]!;
    if ((start !== undefined && date < start) || (end !== undefined && date > end)) continue;
    inRange++;
    if (columns.every((column) => !Number.isNaN(column[t]!))) kept.push(t);
  }
  const droppedRows = inRange - kept.length;
  if (kept.length < minRows) {
    throw insufficientData(selection.tickers, start, end, {
      rowsInRange: inRange,
      rowsKept: kept.length,
      droppedRows,
      minRows,
    });
  }
  return {
    tickers: [...selection.tickers],
    dates: kept.map((t) => table.dates[t]!),
    prices: columns.map((column) => Float64Array.from(kept, (t) => column[t]!)),
    droppedRows,
  };
}

/** The `INSUFFICIENT_DATA` error: names the tickers, the range and how many rows were found. */
export function insufficientData(
  tickers: readonly string[],
  start: string | undefined,
  end: string | undefined,
  counts: { rowsInRange: number; rowsKept: number; droppedRows: number; minRows: number },
): PortfolioError {
  const { rowsInRange, rowsKept, droppedRows, minRows } = counts;
  // The date range itself holds too few rows: it is the field to change (issue 10: name the input).
  const field = rowsInRange < minRows && start !== undefined ? 'portfolio.start' : rowsInRange < minRows && end !== undefined ? 'portfolio.end' : 'prices';
  return new PortfolioError(
    'INSUFFICIENT_DATA',
    `${field}: only ${rowsKept} row${rowsKept === 1 ? '' : 's'} with a price for all of ${tickers.join(', ')} in ` +
      `${describeRange(start, end)} (${rowsInRange} rows in range, ${droppedRows} dropped for missing prices); ` +
      `need at least ${minRows}: widen the date range or choose tickers with a longer history`,
    { field, details: { tickers: [...tickers], start, end, ...counts } },
  );
}
