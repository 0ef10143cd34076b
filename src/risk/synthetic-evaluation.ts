/**
 * The model judged against the truth: a synthetic locality is simulated in memory (four years from
 * 1 April 2023), the model is trained on the people as they were on the third year's first day with
 * what happened to them that year, and tested on the fourth year (temporal validation, DOMAIN.md
 * §9), beside the oracle, the true risk on that day (decision 0011).
 */
import { resolveSynthOptions, trueLocality } from '../synthetic/index.js';
import { DatasetBuilder, scoreDataset, trainModel, type RiskModel } from './model.js';
import { evaluationReport, type EvaluationReport } from './report.js';
import { syntheticActivity } from './synthetic-activity.js';

export interface SyntheticEvaluation {
  model: RiskModel;
  /** Who the model was trained on. */
  trained: { people: number; events: number };
  report: EvaluationReport;
  seconds: { simulate: number; train: number; evaluate: number };
}

export const syntheticDates = { start: '2023-04-01', years: 4, train: '2025-04-01', test: '2026-04-01' } as const;

export async function evaluateOnSyntheticLocality(options: { people: number; seed: number; now: Date; threads?: number; onProgress?: (done: number, total: number) => void }): Promise<SyntheticEvaluation> {
  const started = performance.now();
  const locality = trueLocality(resolveSynthOptions({ people: options.people, seed: options.seed, start: syntheticDates.start, years: syntheticDates.years }));
  const train = new DatasetBuilder(syntheticDates.train);
  const test = new DatasetBuilder(syntheticDates.test);
  const oracle: number[] = [];
  let done = 0;
  for (const truth of locality.people()) {
    train.add(syntheticActivity(truth, locality.deprivationDecile, syntheticDates.train));
    if (test.add(syntheticActivity(truth, locality.deprivationDecile, syntheticDates.test))) {
      const year = truth.history.risk.find((r) => r.yearStart === syntheticDates.test);
      if (year === undefined) throw new Error(`The truth has no risk for ${truth.person.id} in the year from ${syntheticDates.test}`);
      oracle.push(year.probability);
    }
    if (++done % 10_000 === 0) options.onProgress?.(done, options.people);
  }
  const simulated = performance.now();
  const trainingData = train.finish();
  const model = await trainModel(trainingData, { threads: options.threads ?? 2 });
  let events = 0;
  for (let i = 0; i < trainingData.n; i++) events += trainingData.y[i] ?? 0;
  const trained = performance.now();
  const data = test.finish();
  const report = evaluationReport({
    model: { id: `synthetic-${options.people}-seed-${options.seed}`, version: 1, trained_on: syntheticDates.train, features: model.features.length },
    indexDate: syntheticDates.test,
    outcome: 'emergency admission to an acute hospital within 12 months',
    y: data.y,
    p: scoreDataset(model, data),
    oracle,
    groups: data.groups,
    now: options.now,
  });
  const seconds = (a: number, b: number): number => Number(((b - a) / 1000).toFixed(2));
  return { model, trained: { people: trainingData.n, events }, report, seconds: { simulate: seconds(started, simulated), train: seconds(simulated, trained), evaluate: seconds(trained, performance.now()) } };
}
