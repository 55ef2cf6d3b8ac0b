/**
 * Charts as Vega-Lite specifications rendered to SVG text in Node (vega-lite compiles the spec to
 * Vega; a headless vega View with renderer 'none' serialises the scenegraph with `toSVG()`), so a
 * report embeds finished drawings and needs no script or network to open.
 * Sources: https://vega.github.io/vega-lite/usage/compile.html and
 * https://vega.github.io/vega/usage/#node (headless rendering, `view.toSVG()`).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Shared look of every chart: the page's font, no border around the plot. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e5e7eb' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
} as const;

/**
 * Render a Vega-Lite spec (data inline) to a standalone SVG document string.
 * @throws Error from vega-lite / vega on an invalid spec (a bug of the caller, not a user error).
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  // No loader: every dataset is inline, so vega never reaches for a file or the network.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
