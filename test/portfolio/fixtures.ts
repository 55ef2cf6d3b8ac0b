/** The one loader of portfolio test data: the bundled real prices and small CSV fixtures. */

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** data/stock_prices.csv: 20 tickers, 1989-12-29 .. 2018-04-11 (see data/README.md). */
export const BUNDLED_PRICES_PATH = path.join(__dirname, '../../data/stock_prices.csv');

let bundled: string | undefined;

/** The bundled real price CSV as text (read once per test file). */
export function bundledPricesCsv(): string {
  bundled ??= readFileSync(BUNDLED_PRICES_PATH, 'utf8');
  return bundled;
}

/** A fixture file under test/fixtures/portfolio/ as text. */
export function fixtureText(name: string): string {
  return readFileSync(path.join(__dirname, '../fixtures/portfolio', name), 'utf8');
}
