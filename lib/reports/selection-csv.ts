/**
 * A job's selection as CSV (one row per asset): ticker, selected, weight, annual return
 * (compounded when the prices were read, and arithmetic), annual volatility. Fractions, not percents.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportModel } from './model';

export const SELECTION_CSV_COLUMNS = ['ticker', 'selected', 'weight', 'annual_return_compounded', 'annual_return_arithmetic', 'annual_volatility'] as const;

/** The CSV text (header row first, `\n` line ends); an unknown compounded return is an empty field. */
export function selectionCsv(model: Pick<ReportModel, 'assets'>): string {
  return stringify(
    model.assets.map((a) => [a.ticker, a.selected ? 1 : 0, a.weight, a.annualReturnCompounded ?? '', a.annualReturnArithmetic, a.volatility]),
    { header: true, columns: [...SELECTION_CSV_COLUMNS] },
  );
}
