/**
 * The HTML outputs as people open them: headless Chromium (Debian's chromium, driven by
 * playwright-core) loads each report and frontier page from disk; every chart must be a non-empty
 * SVG with marks, nothing may log a console error or request anything, and a full-page screenshot
 * of each lands in test/artifacts/ (git-ignored). CI (CI set) fails when Chromium is missing;
 * locally the suite says so and skips.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildReportModel, frontierPoint, renderFrontierHtml, renderJobReport } from '../../lib/reports';
import { readBundled, recordOf, REPORT_TICKERS } from '../helpers/records';

const CHROMIUM = process.env.QPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
/** The flags this machine needs (no sandbox as root; nothing reaching for the closed network). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const available = existsSync(CHROMIUM);
if (!available && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium (apt-get install -y chromium); set QPO_CHROMIUM to use another binary`);
  });
} else if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set QPO_CHROMIUM)`);
}

(available ? describe : describe.skip)('HTML reports in headless Chromium', () => {
  const pages: Record<string, string> = {};
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const vqe = await recordOf({ portfolio: { tickers: REPORT_TICKERS }, budget: 3, quantum: { seed: 7 } });
    const qaoa = await recordOf({ portfolio: { tickers: REPORT_TICKERS.slice(0, 5) }, budget: 2, quantum: { seed: 3, algorithm: 'qaoa', mixer: 'xy' } });
    const forced = await recordOf({ portfolio: { tickers: REPORT_TICKERS }, budget: 3, fallback: { force: true, annealing: { numReads: 20, numSweeps: 300 } } });
    const points = [];
    for (const q of [0, 1, 4, 32]) for (const budget of [2, 3]) points.push(frontierPoint(await recordOf({ portfolio: { tickers: REPORT_TICKERS }, budget, riskFactor: q, solver: 'exact' })));
    const html: Record<string, string> = {
      'report-vqe': await renderJobReport(await buildReportModel(vqe, { readDataset: readBundled })),
      'report-qaoa-xy': await renderJobReport(await buildReportModel(qaoa, { readDataset: readBundled })),
      'report-fallback': await renderJobReport(await buildReportModel(forced, { readDataset: readBundled })),
      frontier: await renderFrontierHtml(points, { tickers: REPORT_TICKERS, dataWindow: 'bundled', generatedAt: new Date().toISOString(), riskFreeRate: 0.02 }),
    };
    for (const [name, text] of Object.entries(html)) {
      pages[name] = path.join(ARTIFACTS, `${name}.html`);
      writeFileSync(pages[name]!, text);
    }
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'qpo-chromium-')), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 } });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
  });

  it.each([
    ['report-vqe', ['weights', 'risk-return', 'convergence', 'distribution', 'comparison'], true],
    ['report-qaoa-xy', ['weights', 'risk-return', 'convergence', 'distribution', 'comparison'], true],
    ['report-fallback', ['weights', 'risk-return', 'distribution', 'comparison'], false],
    ['frontier', ['frontier'], false],
  ])('%s renders its charts with no console error and no request', async (name, expected, circuit) => {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(pages[name]!).href, { waitUntil: 'load', timeout: 60_000 });
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { name: f.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks: svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0 };
      }),
    );
    expect(charts.map((c) => c.name)).toEqual(expected);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(50);
      expect(c.marks).toBeGreaterThan(5);
    }
    if (circuit) expect(await page.$eval('[data-circuit] svg', (s) => s.getBoundingClientRect().width)).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
