/**
 * The evaluation report (report.ts) as one standalone HTML page that a commissioner or analyst opens
 * from disk: headline figures, yield at the team's capacity, ROC, reliability and decision-curve
 * plots as inline SVG, and subgroups, with the oracle (the true risk, on synthetic data) beside the
 * model wherever it is present. No scripts, no external styles or fonts; the page forbids both.
 */
import { type EvaluationReport, type Figures } from './report.js';

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c] ?? c);

const none = '—';
const fixed = (x: number | undefined, places = 3): string => (x === undefined || !Number.isFinite(x) ? none : x.toFixed(places));
const percent = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? none : `${(x * 100).toFixed(1)}%`);
const count = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? none : new Intl.NumberFormat('en-GB').format(x));
/** A share as people say it: 0.005 → "0.5%", 0.01 → "1%". */
const shareLabel = (share: number): string => `${Number((share * 100).toFixed(2))}%`;

// ---- Tables ---------------------------------------------------------------------------------

/** A table whose first `rowHeads` columns head its rows; every cell is escaped here. */
function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], rowHeads = 1): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const cell = (c: string, i: number): string => (i < rowHeads ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`);
  const body = rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${esc(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function headlineTable(model: Figures, oracle: Figures | undefined): string {
  const rows: [string, (f: Figures) => string][] = [
    ['AUROC (95% CI)', (f) => `${fixed(f.auroc)} (95% CI ${fixed(f.auroc_ci95[0])} to ${fixed(f.auroc_ci95[1])})`],
    ['AUPRC (average precision)', (f) => fixed(f.auprc)],
    ['Brier score', (f) => fixed(f.brier)],
    ['Calibration-in-the-large (0 is perfect)', (f) => fixed(f.calibration_in_the_large)],
    ['Calibration slope (1 is perfect)', (f) => fixed(f.calibration_slope)],
    ['Mean predicted risk', (f) => percent(f.mean_predicted)],
    ['Observed event rate', (f) => percent(f.event_rate)],
  ];
  const head = ['Measure', 'Model', ...(oracle ? ['Oracle (true risk)'] : [])];
  return table('Discrimination and calibration', head, rows.map(([label, show]) => [label, show(model), ...(oracle ? [show(oracle)] : [])]));
}

function yieldTable(model: Figures, oracle: Figures | undefined): string {
  const shares = Object.keys(model.ppv_at).sort((a, b) => Number(a) - Number(b));
  const pair = (label: string): string[] => (oracle ? [`${label} (model)`, `${label} (oracle)`] : [label]);
  const both = (pick: (f: Figures) => string): string[] => [pick(model), ...(oracle ? [pick(oracle)] : [])];
  const head = ['Highest-risk share', 'People', ...pair('PPV'), ...pair('Sensitivity'), ...pair('Events captured')];
  const rows = shares.map((key) => [
    shareLabel(Number(key)),
    count(model.people_at[key]),
    ...both((f) => percent(f.ppv_at[key])),
    ...both((f) => percent(f.sensitivity_at[key])),
    ...both((f) => count(f.events_captured_at[key])),
  ]);
  return table('Yield among the highest-risk people', head, rows);
}

function subgroupTable(report: EvaluationReport, withOracle: boolean): string {
  const pair = (label: string): string[] => (withOracle ? [`${label} (model)`, `${label} (oracle)`] : [label]);
  const head = ['By', 'Group', 'People', 'Events', ...pair('AUROC'), ...pair('CITL')];
  const rows = report.subgroups.map((s) => [
    s.by,
    s.group,
    count(s.people),
    count(s.events),
    fixed(s.model?.auroc),
    ...(withOracle ? [fixed(s.oracle?.auroc)] : []),
    fixed(s.model?.calibration_in_the_large),
    ...(withOracle ? [fixed(s.oracle?.calibration_in_the_large)] : []),
  ]);
  return table('Discrimination and calibration by subgroup (— where a group has no events or no non-events)', head, rows, 2);
}

// ---- Plots ----------------------------------------------------------------------------------

interface Axis {
  label: string;
  /** Evenly spaced; the first and last are the ends of the axis. */
  ticks: readonly number[];
  format: (v: number) => string;
}

interface Series {
  label: string;
  points: readonly (readonly [number, number])[];
  colour: string;
  /** An SVG stroke-dasharray, so that series differ in greyscale too. */
  dash?: string;
  markers?: boolean;
}

interface Chart {
  id: string;
  title: string;
  description: string;
  x: Axis;
  y: Axis;
  series: readonly Series[];
}

const size = { width: 520, left: 64, right: 20, top: 16, plot: 300, legendRow: 22 };
const styles = {
  model: { colour: '#005eb8' },
  oracle: { colour: '#b3261e', dash: '7 4' },
  reference: { colour: '#4c6272', dash: '2 3' },
  treatAll: { colour: '#007f3b', dash: '9 3 2 3' },
};

/** Nice round ticks (steps of 1, 2 or 5 × 10ⁿ) covering [min, max]. */
function niceTicks(min: number, max: number, target = 5): number[] {
  const raw = (max - min || 1) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(10)));
}

const ends = (ticks: readonly number[]): [number, number] => [ticks[0] ?? 0, ticks.at(-1) ?? 1];

/** The one line chart every plot is drawn with: axes, ticks, a clipped plot area, series and a legend. */
function lineChart(chart: Chart): string {
  const right = size.width - size.right;
  const bottom = size.top + size.plot;
  const plotWidth = right - size.left;
  const [x0, x1] = ends(chart.x.ticks);
  const [y0, y1] = ends(chart.y.ticks);
  const sx = (v: number): number => size.left + ((v - x0) / (x1 - x0)) * plotWidth;
  const sy = (v: number): number => bottom - ((v - y0) / (y1 - y0)) * size.plot;
  const at = (v: number): string => v.toFixed(1);
  const xTicks = chart.x.ticks.map((t) => `<line x1="${at(sx(t))}" y1="${bottom}" x2="${at(sx(t))}" y2="${bottom + 5}"/><text x="${at(sx(t))}" y="${bottom + 18}" text-anchor="middle">${esc(chart.x.format(t))}</text>`);
  const yTicks = chart.y.ticks.map((t) => `<line class="grid" x1="${size.left}" y1="${at(sy(t))}" x2="${right}" y2="${at(sy(t))}"/><line x1="${size.left - 5}" y1="${at(sy(t))}" x2="${size.left}" y2="${at(sy(t))}"/><text x="${size.left - 8}" y="${at(sy(t) + 4)}" text-anchor="end">${esc(chart.y.format(t))}</text>`);
  const series = chart.series.map((s) => {
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const dash = s.dash === undefined ? '' : ` stroke-dasharray="${s.dash}"`;
    const line = `<polyline data-series="${esc(s.label)}" fill="none" stroke="${s.colour}" stroke-width="2.5"${dash} points="${points.map(([x, y]) => `${at(sx(x))},${at(sy(y))}`).join(' ')}"/>`;
    // Hollow markers for dashed series, filled for solid ones, again for greyscale.
    const markers = s.markers ? points.map(([x, y]) => `<circle cx="${at(sx(x))}" cy="${at(sy(y))}" r="3.5" stroke="${s.colour}" stroke-width="1.5" fill="${s.dash === undefined ? s.colour : '#fff'}"/>`) : [];
    return [line, ...markers].join('');
  });
  // Legend items run left to right, wrapping onto new rows below the x-axis label.
  let lx = size.left;
  let row = 0;
  const legend = chart.series.map((s) => {
    const width = 44 + s.label.length * 6;
    if (lx + width > right && lx > size.left) [lx, row] = [size.left, row + 1];
    const y = bottom + 60 + row * size.legendRow;
    const dash = s.dash === undefined ? '' : ` stroke-dasharray="${s.dash}"`;
    const item = `<line x1="${lx}" y1="${y - 4}" x2="${lx + 28}" y2="${y - 4}" stroke="${s.colour}" stroke-width="2.5"${dash}/><text x="${lx + 34}" y="${y}">${esc(s.label)}</text>`;
    lx += width;
    return item;
  });
  const height = bottom + 60 + row * size.legendRow + 12;
  const id = esc(chart.id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${height}" width="${size.width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(chart.title)}</title>`,
    `<desc id="${id}-desc">${esc(chart.description)}</desc>`,
    `<clipPath id="${id}-clip"><rect x="${size.left}" y="${size.top}" width="${plotWidth}" height="${size.plot}"/></clipPath>`,
    `<rect class="plot-area" x="${size.left}" y="${size.top}" width="${plotWidth}" height="${size.plot}" fill="#fff" stroke="#4c6272"/>`,
    `<g class="axis">${yTicks.join('')}${xTicks.join('')}</g>`,
    `<text class="axis-label" x="${at(size.left + plotWidth / 2)}" y="${bottom + 40}" text-anchor="middle">${esc(chart.x.label)}</text>`,
    `<text class="axis-label" transform="translate(16 ${at(size.top + size.plot / 2)}) rotate(-90)" text-anchor="middle">${esc(chart.y.label)}</text>`,
    `<g clip-path="url(#${id}-clip)">${series.join('')}</g>`,
    `<g class="legend">${legend.join('')}</g>`,
    '</svg>',
  ].join('\n');
}

const tickPercent = (v: number): string => `${Number((v * 100).toFixed(1))}%`;
const tickFixed = (ticks: readonly number[]) => (v: number): string => v.toFixed(Math.max(0, -Math.floor(Math.log10(Math.abs((ticks[1] ?? 1) - (ticks[0] ?? 0)) || 1))));
const unitTicks = niceTicks(0, 1);
const oracleLabel = 'Oracle (true risk)';

function rocChart(model: Figures, oracle: Figures | undefined): string {
  return lineChart({
    id: 'roc',
    title: 'ROC curve',
    description: `True-positive rate against false-positive rate as the risk threshold falls. AUROC ${fixed(model.auroc)} for the model${oracle ? `, ${fixed(oracle.auroc)} for the oracle` : ''}; the diagonal is chance (0.500).`,
    x: { label: 'False-positive rate (1 − specificity)', ticks: unitTicks, format: (v) => v.toFixed(1) },
    y: { label: 'True-positive rate (sensitivity)', ticks: unitTicks, format: (v) => v.toFixed(1) },
    series: [
      { label: 'Model', points: model.roc, ...styles.model },
      ...(oracle ? [{ label: oracleLabel, points: oracle.roc, ...styles.oracle }] : []),
      { label: 'Chance (diagonal)', points: [[0, 0], [1, 1]], ...styles.reference },
    ],
  });
}

function reliabilityChart(model: Figures, oracle: Figures | undefined): string {
  const all = [model, ...(oracle ? [oracle] : [])].flatMap((f) => f.reliability.flatMap((r) => [r.predicted, r.observed]));
  const ticks = niceTicks(0, Math.max(0.01, ...all));
  const [, top] = ends(ticks);
  const axis = (label: string): Axis => ({ label, ticks, format: tickPercent });
  const points = (f: Figures): [number, number][] => f.reliability.map((r) => [r.predicted, r.observed]);
  return lineChart({
    id: 'reliability',
    title: 'Reliability by decile of predicted risk',
    description: `Observed admission rate against mean predicted risk in ten equal groups, lowest risk first. Points on the diagonal are perfectly calibrated; the model's top decile predicted ${percent(model.reliability.at(-1)?.predicted)} and observed ${percent(model.reliability.at(-1)?.observed)}.`,
    x: axis('Mean predicted risk'),
    y: axis('Observed admission rate'),
    series: [
      { label: 'Model', points: points(model), markers: true, ...styles.model },
      ...(oracle ? [{ label: oracleLabel, points: points(oracle), markers: true, ...styles.oracle }] : []),
      { label: 'Ideal (observed = predicted)', points: [[0, 0], [top, top]], ...styles.reference },
    ],
  });
}

function decisionChart(model: Figures, oracle: Figures | undefined): string {
  const curve = model.decision_curve;
  const thresholds = curve.map((d) => d.threshold);
  const x = niceTicks(0, Math.max(...thresholds, 0.1));
  const highest = Math.max(0.001, model.event_rate, ...[model, ...(oracle ? [oracle] : [])].flatMap((f) => f.decision_curve.map((d) => d.net_benefit)));
  // Treat-all falls far below zero at high thresholds; the axis stops a little under zero and the plot clips it.
  const y = niceTicks(-highest / 4, highest);
  const [xStart, xEnd] = ends(x);
  const netBenefit = (f: Figures): [number, number][] => f.decision_curve.map((d) => [d.threshold, d.net_benefit]);
  return lineChart({
    id: 'decision',
    title: 'Decision curve',
    description: `Net benefit of offering case management to everyone above each risk threshold, for the model${oracle ? ' and the oracle' : ''}, against treating everyone and treating no one (net benefit 0). Thresholds ${thresholds.map(tickPercent).join(', ')}.`,
    x: { label: 'Risk threshold', ticks: x, format: tickPercent },
    y: { label: 'Net benefit', ticks: y, format: tickFixed(y) },
    series: [
      { label: 'Model', points: netBenefit(model), markers: true, ...styles.model },
      ...(oracle ? [{ label: oracleLabel, points: netBenefit(oracle), markers: true, ...styles.oracle }] : []),
      { label: 'Treat all', points: curve.map((d) => [d.threshold, d.treat_all] as const), ...styles.treatAll },
      { label: 'Treat none', points: [[xStart, 0], [xEnd, 0]], ...styles.reference },
    ],
  });
}

// ---- The page -------------------------------------------------------------------------------

const css = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #212b32; background: #f0f4f5; margin: 0; line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
h1 { font-size: 1.75rem; margin-top: 0; } h2 { font-size: 1.35rem; margin-top: 2rem; border-top: 1px solid #d8dde0; padding-top: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
th, td { border-bottom: 1px solid #d8dde0; padding: 0.35rem 0.75rem; text-align: right; vertical-align: top; }
th[scope="row"], thead th:first-child { text-align: left; } thead th { border-bottom: 2px solid #4c6272; }
figure { margin: 1.5rem 0; } figcaption { font-weight: 600; margin-bottom: 0.5rem; }
svg { max-width: 100%; height: auto; font-size: 12px; fill: #212b32; }
svg .axis line { stroke: #4c6272; } svg .axis line.grid { stroke: #e8edee; } svg .axis-label { font-size: 13px; font-weight: 600; }
@media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }
`;

/** The report as a complete, standalone, accessible HTML5 document. */
export function reportHtml(report: EvaluationReport): string {
  const { oracle } = report;
  const name = `${report.model.id} version ${report.model.version}`;
  const about: [string, string][] = [
    ['Model', name],
    ['Trained on', report.model.trained_on],
    ['Features', count(report.model.features)],
    ['Index date', report.index_date],
    ['Outcome', report.outcome],
    ['Generated', report.generated_at],
    ['People', count(report.people)],
    ['Events', `${count(report.events)} (${percent(report.event_rate)})`],
  ];
  const figure = (caption: string, svg: string): string => `<figure>\n<figcaption>${esc(caption)}</figcaption>\n${svg}\n</figure>`;
  const section = (id: string, heading: string, body: string): string => `<section id="${id}" aria-labelledby="${id}-heading">\n<h2 id="${id}-heading">${esc(heading)}</h2>\n${body}\n</section>`;
  const oracleNote = oracle
    ? '<p>These data are synthetic, so each person’s true risk is known. The oracle columns and dashed lines judge that true risk the same way: the best any model could do on these people.</p>'
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`Risk model evaluation: ${name}, ${report.index_date}`)}</title>
<style>${css}</style>
</head>
<body>
<main>
<h1>${esc(`Emergency-admission risk model: ${name}`)}</h1>
<dl>
${about.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`).join('\n')}
</dl>
${oracleNote}
${section('headline', 'How well it did', headlineTable(report, oracle))}
${section('yield', 'Yield at the team’s capacity', yieldTable(report, oracle))}
${section('plots', 'Plots', [
    figure('ROC curve', rocChart(report, oracle)),
    figure('Reliability (calibration by decile)', reliabilityChart(report, oracle)),
    figure('Decision curve', decisionChart(report, oracle)),
  ].join('\n'))}
${section('subgroups', 'By subgroup', subgroupTable(report, oracle !== undefined))}
${section('how-to-read', 'How to read this', `<p><strong>AUROC</strong> is the chance that a person who was admitted is ranked above one who was not: 0.5 is a coin toss, 1 is perfect. <strong>Calibration-in-the-large</strong> is 0 when predicted risk matches the observed rate on average (below 0, the model over-predicts). A <strong>calibration slope</strong> below 1 means predictions are too extreme, the mark of overfitting. <strong>PPV at the top 1%</strong> is the share of the highest-risk 1% who were admitted; sensitivity is the share of all admissions found among them. On the decision curve, the model helps at thresholds where its net benefit is above both treat all and treat none.</p>
<p><strong>Beware regression to the mean.</strong> People picked because their risk is high will, on average, be admitted less next year whether or not anything is done. Judge case management against matched controls or against the predicted rate, never by before and after on the same people.</p>`)}
</main>
</body>
</html>
`;
}
