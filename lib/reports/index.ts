/** lib/reports: what people look at — job reports, comparisons and efficient frontiers (HTML with vega charts, CSV, tables). */
export * from './model';
export * from './job-report';
export * from './selection-csv';
export { renderSvg, type ChartSpec } from './vega';
export * from './compare';
export * from './frontier';
export * from './publish';
