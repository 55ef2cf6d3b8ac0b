import { PortfolioError, isPortfolioError } from '../../lib/portfolio';

describe('PortfolioError', () => {
  it('carries a stable name, code, field, details and cause', () => {
    const cause = new Error('low level');

    const error = new PortfolioError('INVALID_PRICES', 'prices: bad', { field: 'prices', details: { line: 3 }, cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QPO.InvalidPrices');

    expect(error.code).toBe('INVALID_PRICES');
    expect(error.field).toBe('prices');
    expect(error.details).toEqual({ line: 3 });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('QPO.InvalidPrices: prices: bad');
  });

  it('serialises to the public error body { code, message, path, details } without a stack', () => {
    const error = new PortfolioError('INVALID_PROBLEM', 'budget: 9 is out of range', { field: 'budget' });

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'INVALID_PROBLEM',
      message: 'budget: 9 is out of range',
      path: 'budget',
      details: {},
    });
  });

  it('is recognised by isPortfolioError, optionally by code', () => {
    const error = new PortfolioError('UNKNOWN_TICKER', 'x', { field: 'portfolio.tickers' });

    expect(isPortfolioError(error)).toBe(true);
    expect(isPortfolioError(error, 'UNKNOWN_TICKER')).toBe(true);
    expect(isPortfolioError(error, 'INVALID_PRICES')).toBe(false);
    expect(isPortfolioError(new Error('x'))).toBe(false);
  });
});
