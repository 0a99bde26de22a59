/** One labelled bar of a bar chart. */
export interface Bar {
  label: string;
  value: number;
}

/** One line of a line chart: points in x order. */
export interface Series {
  name: string;
  points: ReadonlyArray<{ x: number; y: number }>;
}

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const format = (value: number) =>
  value >= 1000 ? Math.round(value).toLocaleString("en-US") : String(Math.round(value * 100) / 100);

/** A horizontal bar chart as a standalone SVG document. */
export function barChart(title: string, bars: readonly Bar[], unit: string): string {
  const rowHeight = 28;
  // wide enough for the longest label at 12px sans-serif (about 7px a character), never narrower than 260
  const longest = Math.max(0, ...bars.map((bar) => bar.label.length));
  const labelWidth = Math.max(260, Math.ceil(longest * 7) + 16);
  const plotWidth = 420;
  const height = 50 + bars.length * rowHeight;
  const max = Math.max(...bars.map((bar) => bar.value), 1e-9);
  const rows = bars.map((bar, index) => {
    const y = 40 + index * rowHeight;
    const width = Math.max(1, (bar.value / max) * plotWidth);
    return [
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${width.toFixed(1)}" height="${rowHeight - 8}" fill="${COLORS[index % COLORS.length]}"/>`,
      `<text x="${labelWidth + width + 6}" y="${y + 17}">${format(bar.value)} ${escapeXml(unit)}</text>`,
    ].join("");
  });
  return svg(labelWidth + plotWidth + 140, height, title, rows.join("\n"));
}

/** A line chart (log-scaled x when the x values span more than two decades) as an SVG document. */
export function lineChart(title: string, series: readonly Series[], axes: { x: string; y: string }): string {
  const width = 720;
  const height = 380;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = 50;
  const xs = series.flatMap((line) => line.points.map((point) => point.x));
  const ys = series.flatMap((line) => line.points.map((point) => point.y));
  const logX = Math.max(...xs) / Math.max(Math.min(...xs), 1e-9) > 100;
  const xValue = (x: number) => (logX ? Math.log10(x) : x);
  const [xMin, xMax] = [Math.min(...xs.map(xValue)), Math.max(...xs.map(xValue))];
  const yMax = Math.max(...ys, 1e-9) * 1.1;
  const px = (x: number) => left + ((xValue(x) - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const py = (y: number) => height - bottom - (y / yMax) * (height - top - bottom);
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const parts = [
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    ...xTicks.map(
      (x) =>
        `<text x="${px(x).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${format(x)}</text>`,
    ),
    ...[0, 0.25, 0.5, 0.75, 1].map(
      (share) =>
        `<text x="${left - 6}" y="${(py(share * yMax) + 4).toFixed(1)}" text-anchor="end">${format(share * yMax)}</text>`,
    ),
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(axes.x)}${logX ? " (log scale)" : ""}</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" transform="rotate(-90 16 ${(top + height - bottom) / 2})" text-anchor="middle">${escapeXml(axes.y)}</text>`,
    ...series.map((line, index) => {
      const color = COLORS[index % COLORS.length];
      const path = line.points
        .map((point) => `${px(point.x).toFixed(1)},${py(point.y).toFixed(1)}`)
        .join(" ");
      const dots = line.points
        .map(
          (point) =>
            `<circle cx="${px(point.x).toFixed(1)}" cy="${py(point.y).toFixed(1)}" r="3" fill="${color}"/>`,
        )
        .join("");
      const legendY = top + 10 + index * 20;
      return `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots}<rect x="${width - right + 12}" y="${legendY - 9}" width="12" height="12" fill="${color}"/><text x="${width - right + 30}" y="${legendY + 1}">${escapeXml(line.name)}</text>`;
    }),
  ];
  return svg(width, height, title, parts.join("\n"));
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>
${body}
</svg>
`;
}
