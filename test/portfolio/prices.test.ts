import { PortfolioError, parsePriceCsv, selectPrices, type PriceTable } from '../../lib/portfolio';
import { bundledPricesCsv, fixtureText } from './fixtures';

/** Runs `act` and returns the PortfolioError it throws (fails the test when it does not throw one). */
function thrown(act: () => unknown): PortfolioError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(PortfolioError);
    return error as PortfolioError;
  }
  throw new Error('expected a PortfolioError');
}

describe('parsePriceCsv', () => {
  it('reads dates, tickers and prices with empty cells as NaN', () => {
    const table = parsePriceCsv(fixtureText('small_prices.csv'));

    expect(table.tickers).toEqual(['AAA', 'BBB', 'CCC']);
    expect(table.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
    expect(Array.from(table.prices[0]!)).toEqual([NaN, NaN, 5, 6, 5.5, 6]);
    expect(Array.from(table.prices[2]!)).toEqual([100, 101, 99, 100, 102, 101]);
  });

  it('reads the bundled real file: 20 tickers, 7126 rows, 1989-12-29 .. 2018-04-11', () => {
    const table = parsePriceCsv(bundledPricesCsv());

    expect(table.tickers).toHaveLength(20);
    expect(table.tickers.slice(0, 3)).toEqual(['GOOG', 'AAPL', 'FB']);
    expect(table.dates).toHaveLength(7126);
    expect(table.dates[0]).toBe('1989-12-29');
    expect(table.dates[7125]).toBe('2018-04-11');
    const aapl = table.prices[table.tickers.indexOf('AAPL')]!;
    expect(aapl[0]).toBe(0.117203);
    const goog = table.prices[table.tickers.indexOf('GOOG')]!;
    expect(goog.filter(Number.isNaN)).toHaveLength(3691);
  });

  it('finds a "Date" column anywhere, accepts a BOM, CRLF and blank lines', () => {
    const table = parsePriceCsv('\uFEFFX,Date,Y\r\n1,2021-03-01,2\r\n\r\n3,2021-03-02,4\r\n');

    expect(table.tickers).toEqual(['X', 'Y']);
    expect(table.dates).toEqual(['2021-03-01', '2021-03-02']);
    expect(Array.from(table.prices[1]!)).toEqual([2, 4]);
  });

  it('takes the first column as the date when no column is named date (pandas index without a name)', () => {
    const table = parsePriceCsv(',A\n2021-03-01,1\n2021-03-02,2\n');

    expect(table.tickers).toEqual(['A']);
    expect(table.dates).toEqual(['2021-03-01', '2021-03-02']);
  });

  it.each([
    ['empty text', '', /CSV is empty/],
    ['blank text', ' \n\n', /CSV is empty/],
    ['header only', 'date,A,B\n', /header but no data rows/],
    ['no ticker columns', 'date\n2020-01-01\n', /no ticker columns/],
    ['missing date column', 'A,B\n1,2\n3,4\n', /missing date column.*"A".*"1" on line 2/],
    [
      'bad date',
      'date,A\n2020-01-01,1\n01/02/2020,2\n',
      /line 3: date "01\/02\/2020" is not an ISO date; use YYYY-MM-DD/,
    ],
    ['duplicate date', 'date,A\n2020-01-01,1\n2020-01-01,2\n', /line 3: date 2020-01-01 is a duplicate/],
    ['unsorted dates', 'date,A\n2020-01-02,1\n2020-01-01,2\n', /line 3: date 2020-01-01 comes before 2020-01-02/],
    ['ragged row', 'date,A,B\n2020-01-01,1\n', /malformed CSV.*Invalid Record Length/],
    ['unclosed quote', 'date,A\n2020-01-01,"1\n', /malformed CSV/],
    ['duplicate ticker', 'date,A,A\n2020-01-01,1,2\n', /"A" appears twice/],
  ])('rejects %s with INVALID_PRICES', (_, text, message) => {
    const error = thrown(() => parsePriceCsv(text));

    expect(error.code).toBe('INVALID_PRICES');
    expect(error.name).toBe(`QPO.${error.code.toLowerCase().split('_').map((w: string) => w[0]!.toUpperCase() + w.slice(1)).join('')}`);
    expect(error.field).toBe('prices');
    expect(error.message).toMatch(message);
  });

  it.each([['abc'], ['1.2.3'], ['0x10'], ['-5'], ['0'], ['NaN'], ['Infinity']])(
    'rejects the price %p naming the line, column and value',
    (cell) => {
      const error = thrown(() => parsePriceCsv(`date,A,B\n2020-01-01,1,2\n2020-01-02,3,${cell}\n`));

      expect(error.code).toBe('INVALID_PRICES');
      expect(error.message).toContain(
        `line 3, column B: "${cell}" is not a valid price; must be a positive decimal number`,
      );
      expect(error.details).toMatchObject({ line: 3, column: 'B', value: cell });
    },
  );

  it('keeps the csv-parse error as the cause of a malformed-CSV error', () => {
    const error = thrown(() => parsePriceCsv('date,A,B\n2020-01-01,1\n'));

    expect(error.cause).toBeInstanceOf(Error);
    expect(error.details).toMatchObject({ csvCode: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' });
  });
});

describe('selectPrices', () => {
  let small: PriceTable;
  let real: PriceTable;
  beforeAll(() => {
    small = parsePriceCsv(fixtureText('small_prices.csv'));
    real = parsePriceCsv(bundledPricesCsv());
  });

  it('keeps the requested ticker order and drops rows with a missing chosen price', () => {
    const selected = selectPrices(small, { tickers: ['CCC', 'AAA'] });

    expect(selected.tickers).toEqual(['CCC', 'AAA']);
    expect(selected.dates).toEqual(['2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
    expect(Array.from(selected.prices[0]!)).toEqual([99, 100, 102, 101]);
    expect(Array.from(selected.prices[1]!)).toEqual([5, 6, 5.5, 6]);
    expect(selected.droppedRows).toBe(2);
  });

  it('does not drop rows for tickers that were not chosen', () => {
    const selected = selectPrices(small, { tickers: ['BBB', 'CCC'] });

    expect(selected.dates).toHaveLength(6);
    expect(selected.droppedRows).toBe(0);
  });

  it('filters an inclusive ISO date range; dropped rows count only rows inside it', () => {
    const selected = selectPrices(small, { tickers: ['AAA', 'BBB'], start: '2020-01-02', end: '2020-01-07' });

    expect(selected.dates).toEqual(['2020-01-03', '2020-01-06', '2020-01-07']);
    expect(selected.droppedRows).toBe(1);
  });

  it('drops the 3691 rows before GOOG first traded for [GOOG, AAPL] (data/README.md)', () => {
    const selected = selectPrices(real, { tickers: ['GOOG', 'AAPL'] });

    expect(selected.droppedRows).toBe(3691);
    expect(selected.dates).toHaveLength(7126 - 3691);
    expect(selected.dates[0]).toBe('2004-08-19');
    expect(selected.dates.at(-1)).toBe('2018-04-11');
  });

  it('keeps the 896 rows from 2014-09-19 on when all 20 tickers are chosen (data/README.md)', () => {
    const selected = selectPrices(real, { tickers: real.tickers });

    expect(selected.dates).toHaveLength(896);
    expect(selected.dates[0]).toBe('2014-09-19');
  });

  it('filters the real data by range: 2015 has 252 trading days', () => {
    const selected = selectPrices(real, { tickers: ['AAPL'], start: '2015-01-01', end: '2015-12-31' });

    expect(selected.dates).toHaveLength(252);
    expect(selected.dates[0]).toBe('2015-01-02');
    expect(selected.dates.at(-1)).toBe('2015-12-31');
    expect(selected.droppedRows).toBe(0);
  });

  it('rejects an unknown ticker, listing the available tickers', () => {
    const error = thrown(() => selectPrices(small, { tickers: ['AAA', 'ZZZ'] }));

    expect(error.code).toBe('UNKNOWN_TICKER');
    expect(error.field).toBe('portfolio.tickers');
    expect(error.message).toBe('portfolio.tickers: unknown ticker "ZZZ"; available tickers: AAA, BBB, CCC');
    expect(error.details).toEqual({ unknown: ['ZZZ'], available: ['AAA', 'BBB', 'CCC'] });
  });

  it('suggests the right case for a ticker in the wrong case', () => {
    const error = thrown(() => selectPrices(real, { tickers: ['aapl'] }));

    expect(error.code).toBe('UNKNOWN_TICKER');
    expect(error.message).toMatch(/unknown ticker "aapl" \(did you mean AAPL\?\); available tickers: GOOG, AAPL, FB/);
  });

  it.each([
    [{ tickers: [] }, 'portfolio.tickers', /is not a list of tickers; give at least one of AAA, BBB, CCC/],
    [{ tickers: ['AAA', 'AAA'] }, 'portfolio.tickers', /"AAA" is listed twice/],
    [{ tickers: ['AAA'], start: '2020/01/01' }, 'portfolio.start', /"2020\/01\/01" is not an ISO date; use YYYY-MM-DD/],
    [
      { tickers: ['AAA'], start: '2020-02-01', end: '2020-01-01' },
      'portfolio.end',
      /2020-01-01 is before portfolio.start/,
    ],
  ])('rejects the selection %j with INVALID_PROBLEM', (selection, field, message) => {
    const error = thrown(() => selectPrices(small, selection));

    expect(error.code).toBe('INVALID_PROBLEM');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects a range with fewer than 2 rows, naming the range and the rows found', () => {
    const error = thrown(() =>
      selectPrices(real, { tickers: ['GOOG', 'AAPL'], start: '2004-01-01', end: '2004-08-19' }),
    );

    expect(error.code).toBe('INSUFFICIENT_DATA');
    expect(error.field).toBe('prices');
    expect(error.message).toContain('only 1 row with a price for all of GOOG, AAPL in 2004-01-01 .. 2004-08-19');
    expect(error.message).toContain('need at least 2');
    expect(error.details).toMatchObject({ rowsKept: 1, minRows: 2 });
  });

  it('rejects a range holding no rows at all', () => {
    const error = thrown(() => selectPrices(real, { tickers: ['AAPL'], start: '2019-01-01' }));

    expect(error.code).toBe('INSUFFICIENT_DATA');
    // The range is what to change: the error names it (found by test/fuzz; it named 'prices').
    expect(error.field).toBe('portfolio.start');
    expect(error.message).toMatch(/^portfolio\.start: /);
    expect(error.message).toContain(
      'only 0 rows with a price for all of AAPL in 2019-01-01 .. (last date) (0 rows in range',
    );
  });
});
