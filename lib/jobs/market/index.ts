export * from './cache';
export * from './prices';
export * from './tiingo';
