import { describe, expect, it } from 'vitest';
import { reportHtml } from './report-html.js';
import { evaluationReport, type EvaluationReport } from './report.js';

/** A seeded LCG (Numerical Recipes constants), uniform on [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** 2,000 people: a true risk from a latent score, a model that sees it with noise and overstates it, outcomes drawn from the true risk. */
function syntheticReport(modelId = 'ea-risk'): EvaluationReport {
  const random = lcg(20240401);
  const n = 2000;
  const truth: number[] = [];
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = (random() + random() + random() - 1.5) * 2;
    const risk = sigmoid(-3.2 + 1.4 * score);
    truth.push(risk);
    p.push(sigmoid(-2.9 + 1.1 * score + (random() - 0.5)));
    y.push(random() < risk ? 1 : 0);
  }
  // A practice of non-events only, so its AUROC and CITL are null.
  const practice = y.map((v, i) => (i < 60 && v === 0 ? 'P9' : `P${i % 3}`));
  const sex = y.map((_, i) => (i % 2 === 0 ? 'female' : 'male'));
  return evaluationReport({
    model: { id: modelId, version: 3, trained_on: '2023-04-01', features: 42 },
    indexDate: '2024-04-01',
    outcome: 'emergency admission within 12 months',
    y,
    p,
    oracle: truth,
    groups: { sex, practice },
    now: new Date('2024-05-01T09:30:00Z'),
  });
}

const withoutOracle = (report: EvaluationReport): EvaluationReport => {
  const { oracle: _oracle, auroc_oracle: _aurocOracle, ...rest } = report;
  return rest;
};

const sectionOf = (html: string, id: string): string => {
  const match = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html);
  if (!match) throw new Error(`no section ${id}`);
  return match[0];
};
const svgs = (html: string): string[] => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
const headerCells = (table: string): string[] => [...(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '').matchAll(/<th scope="col">(.*?)<\/th>/g)].map((m) => m[1] ?? '');
const rowOf = (table: string, header: string): string[] => {
  const row = [...table.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)].find((m) => m[1] === header);
  if (!row) throw new Error(`no row ${header}`);
  return [...(row[2] ?? '').matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1] ?? '');
};

describe('reportHtml', () => {
  const report = syntheticReport();
  const html = reportHtml(report);

  it('is one standalone HTML5 document with nothing loaded from outside and no script', () => {
    expect(html.trimStart().toLowerCase().startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.match(/<body>/g)).toHaveLength(1);
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=|@import|url\(http/i);
  });

  it('names the model, version, index date, outcome, generation time, people and events', () => {
    expect(html).toMatch(/<title>Risk model evaluation: ea-risk version 3, 2024-04-01<\/title>/);
    for (const text of ['2024-04-01', 'emergency admission within 12 months', '2024-05-01T09:30:00.000Z', '2,000', `${report.events} (`]) expect(html).toContain(text);
  });

  it('draws three plots, each with a title, a description and axis labels', () => {
    const plots = svgs(html);
    expect(plots).toHaveLength(3);
    for (const svg of plots) {
      const [, id] = /aria-labelledby="(\S+)-title \S+-desc"/.exec(svg) ?? [];
      expect(id).toBeDefined();
      expect(svg).toMatch(new RegExp(`<title id="${id ?? ''}-title">[^<]+</title>`));
      expect(svg).toMatch(new RegExp(`<desc id="${id ?? ''}-desc">[^<]+</desc>`));
      expect(svg.match(/class="axis-label"/g)).toHaveLength(2);
      expect(svg).toMatch(/class="legend"/);
    }
    expect(plots.map((svg) => /<title[^>]*>([^<]+)/.exec(svg)?.[1])).toEqual(['ROC curve', 'Reliability by decile of predicted risk', 'Decision curve']);
  });

  it('shows the AUROC with its interval to three places for the model and the oracle', () => {
    const headline = sectionOf(html, 'headline');
    expect(headerCells(headline)).toEqual(['Measure', 'Model', 'Oracle (true risk)']);
    const auroc = (f: EvaluationReport | NonNullable<EvaluationReport['oracle']>): string => `${f.auroc.toFixed(3)} (95% CI ${f.auroc_ci95[0].toFixed(3)} to ${f.auroc_ci95[1].toFixed(3)})`;
    expect(rowOf(headline, 'AUROC (95% CI)')).toEqual([auroc(report), auroc(report.oracle!)]);
    expect(rowOf(headline, 'Calibration slope (1 is perfect)')).toEqual([report.calibration_slope.toFixed(3), report.oracle!.calibration_slope.toFixed(3)]);
    expect(rowOf(headline, 'Observed event rate')[0]).toBe(`${(report.event_rate * 100).toFixed(1)}%`);
  });

  it('gives every share its row in the yield table, model and oracle side by side', () => {
    const yieldTable = sectionOf(html, 'yield');
    const labels: Record<string, string> = { '0.005': '0.5%', '0.01': '1%', '0.02': '2%', '0.05': '5%' };
    expect(Object.keys(report.ppv_at).sort()).toEqual(Object.keys(labels).sort());
    for (const [key, label] of Object.entries(labels)) {
      const cells = rowOf(yieldTable, label);
      expect(cells[0]).toBe(String(report.people_at[key]));
      expect(cells[1]).toBe(`${((report.ppv_at[key] ?? NaN) * 100).toFixed(1)}%`);
      expect(cells[2]).toBe(`${((report.oracle!.ppv_at[key] ?? NaN) * 100).toFixed(1)}%`);
      expect(cells[5]).toBe(String(report.events_captured_at[key]));
    }
  });

  it('shows subgroups, with — where a group has no AUROC', () => {
    const subgroups = sectionOf(html, 'subgroups');
    expect(headerCells(subgroups)).toEqual(['By', 'Group', 'People', 'Events', 'AUROC (model)', 'AUROC (oracle)', 'CITL (model)', 'CITL (oracle)']);
    const p9 = report.subgroups.find((s) => s.group === 'P9');
    expect(p9?.model).toBeNull();
    expect(subgroups).toMatch(/<tr><th scope="row">practice<\/th><th scope="row">P9<\/th><td>\d+<\/td><td>0<\/td><td>—<\/td><td>—<\/td><td>—<\/td><td>—<\/td><\/tr>/);
    const female = report.subgroups.find((s) => s.group === 'female');
    expect(subgroups).toContain(`<th scope="row">female</th><td>${female?.people.toLocaleString('en-GB') ?? ''}</td><td>${female?.events ?? ''}</td><td>${female?.model?.auroc.toFixed(3) ?? ''}</td>`);
  });

  it('has no oracle anywhere when the report has none', () => {
    const plain = reportHtml(withoutOracle(report));
    expect(plain).not.toMatch(/oracle/i);
    expect(headerCells(sectionOf(plain, 'headline'))).toEqual(['Measure', 'Model']);
    expect(headerCells(sectionOf(plain, 'yield'))).toEqual(['Highest-risk share', 'People', 'PPV', 'Sensitivity', 'Events captured']);
    expect(svgs(plain)).toHaveLength(3);
    expect(html).toMatch(/Oracle \(true risk\)/);
  });

  it('escapes text from the report', () => {
    const hostile = reportHtml(syntheticReport('<script>alert("x")</script> & co'));
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('keeps the ROC curve inside the plot area, from its bottom-left to its top-right corner', () => {
    const roc = svgs(html)[0] ?? '';
    const area = /<rect class="plot-area" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(roc);
    expect(area).not.toBeNull();
    const [x, y, width, height] = (area ?? []).slice(1).map(Number) as [number, number, number, number];
    const lines = [...roc.matchAll(/<polyline data-series="([^"]+)"[^>]* points="([^"]*)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['Model', 'Oracle (true risk)', 'Chance (diagonal)']);
    for (const line of lines) {
      const points = (line[2] ?? '').split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
      for (const [px, py] of points) {
        expect(px).toBeGreaterThanOrEqual(x);
        expect(px).toBeLessThanOrEqual(x + width);
        expect(py).toBeGreaterThanOrEqual(y);
        expect(py).toBeLessThanOrEqual(y + height);
      }
      expect(points[0]).toEqual([x, y + height]);
      expect(points.at(-1)).toEqual([x + width, y]);
    }
    const model = (lines[0]?.[2] ?? '').split(' ');
    expect(model).toHaveLength(report.roc.length);
    // The curve climbs: no point lower on the page than the one before it.
    const heights = model.map((pair) => Number(pair.split(',')[1]));
    expect(heights.every((h, i) => i === 0 || h <= (heights[i - 1] ?? Infinity))).toBe(true);
  });
});
