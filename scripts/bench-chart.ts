/** One line of a {@link rateChart}. */
export interface ChartSeries {
  readonly label: string;
  /** Requests in each second. */
  readonly perSecond: readonly number[];
  /** @default a color from the palette, by position */
  readonly color?: string;
  /** Thicker, for a total drawn over its parts. @default false */
  readonly bold?: boolean;
}

const PALETTE = ["#0b5fff", "#00a36c", "#c2410c", "#7c3aed", "#0891b2", "#be185d"];

/**
 * An SVG line chart of requests per second, one line per series, against the tenant's limit
 * drawn as a dashed line. Self-contained (no scripts, no fonts to load), for bench-results/.
 */
export function rateChart(options: {
  readonly series: readonly ChartSeries[];
  readonly limit: number;
  readonly title?: string;
  readonly xLabel: string;
}): string {
  const { series, limit } = options;
  const width = 720;
  const height = 320;
  const pad = 44;
  const top = options.title === undefined ? pad : pad + 10;
  const maxT = Math.max(1, ...series.map((s) => s.perSecond.length));
  const maxY = Math.max(limit * 1.5, ...series.flatMap((s) => s.perSecond));
  const x = (t: number) => pad + (t / maxT) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / maxY) * (height - pad - top);
  const lines = series.map((s, i) => {
    const points = s.perSecond
      .map((v, t) => `${x(t + 0.5).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ");
    const color = s.color ?? PALETTE[i % PALETTE.length] ?? "#000";
    return `<polyline fill="none" stroke="${color}" stroke-width="${s.bold === true ? 2.5 : 1.5}" points="${points}"/>
<text x="${width - pad - 150}" y="${top + 14 * i}" fill="${color}" font-size="12">${escape(s.label)}</text>`;
  });
  const title =
    options.title === undefined
      ? ""
      : `<text x="${width / 2}" y="20" font-size="13" text-anchor="middle">${escape(options.title)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${title}
<line x1="${pad}" y1="${y(limit)}" x2="${width - pad}" y2="${y(limit)}" stroke="#999" stroke-dasharray="6 4"/>
<text x="${pad + 4}" y="${y(limit) - 4}" font-size="12" fill="#666">limit: ${limit} requests/s</text>
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/>
<line x1="${pad}" y1="${top}" x2="${pad}" y2="${height - pad}" stroke="#333"/>
<text x="${pad - 6}" y="${height - pad + 4}" font-size="11" text-anchor="end">0</text>
<text x="${pad - 6}" y="${y(limit) + 4}" font-size="11" text-anchor="end">${limit}</text>
<text x="${width / 2}" y="${height - 10}" font-size="12" text-anchor="middle">${escape(options.xLabel)} (${maxT} s)</text>
<text x="12" y="${height / 2}" font-size="12" transform="rotate(-90 12 ${height / 2})" text-anchor="middle">requests per second</text>
${lines.join("\n")}
</svg>
`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
