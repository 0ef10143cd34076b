/**
 * eFI and HFRS for 1,000,000 people (`npm run bench frailty`; goal ≤ 5 s on 2 cores). People are
 * made up in memory first (not timed): deficits by name, coded conditions from the concept sets and
 * outside them, 0–12 active medicines, and 0–4 admissions in the last three years with diagnoses from
 * the HFRS table and outside it. Then scored twice in the same run: the rules alone (efi, hfrs),
 * and the whole document path of `joinedup risk frailty` (checking every field, then scoring).
 */
import { efi, efiConceptSets, frailtyOf, hfrs, loadHfrsPoints } from '../src/risk/index.js';
import { Random } from '../src/synthetic/index.js';

export function frailtyBench(): string[] {
  const n = Number(process.env.BENCH_FRAILTY_PEOPLE ?? 1_000_000);
  const random = Random.stream(9, 'frailty-bench');
  const names = Object.keys(efiConceptSets.deficits);
  const codes = Object.values(efiConceptSets.deficits).flat();
  const icd = [...loadHfrsPoints().keys(), 'I50', 'E11', 'J18', 'Z00'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random.float() * xs.length)] as T;
  const day = (offset: number): string => new Date(Date.UTC(2026, 5, 15) - offset * 86_400_000).toISOString().slice(0, 10);
  const people = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    birth_date: day(365 * (40 + Math.floor(random.float() * 60))),
    efi_deficits: Array.from({ length: Math.floor(random.float() * random.float() * 14) }, () => pick(names)),
    conditions: Array.from({ length: Math.floor(random.float() * 6) }, () => ({ system: 'http://snomed.info/sct', code: random.float() < 0.8 ? pick(codes) : '123456789' })),
    active_medications: Math.floor(random.float() * 13),
    admissions: Array.from({ length: Math.floor(random.float() * random.float() * 5) }, () => ({
      start: day(Math.floor(random.float() * 1100)), method: random.float() < 0.7 ? 'emergency' as const : 'elective' as const,
      diagnoses: Array.from({ length: 1 + Math.floor(random.float() * 6) }, () => `${pick(icd)}.${Math.floor(random.float() * 10)}`),
    })),
  }));
  const index = '2026-06-15';
  hfrs({ birthDate: '1940-01-01', admissions: [] }, index); // loads the points table
  const rulesBegan = performance.now();
  let severe = 0;
  let high = 0;
  for (const p of people) {
    if (efi({ deficits: p.efi_deficits, conditions: p.conditions, activeMedications: p.active_medications }).band === 'severe') severe++;
    if (hfrs({ birthDate: p.birth_date, admissions: p.admissions }, index)?.band === 'high') high++;
  }
  const rules = (performance.now() - rulesBegan) / 1000;
  const documentBegan = performance.now();
  const scored = frailtyOf({ index_date: index, people }).people.length;
  const document = (performance.now() - documentBegan) / 1000;
  const count = n.toLocaleString('en-GB');
  return [
    `| frailty: eFI + HFRS of ${count} people, the rules alone, one thread | ${rules.toFixed(2)} s (${severe.toLocaleString('en-GB')} severe eFI, ${high.toLocaleString('en-GB')} high HFRS) | goal ≤ 5 s: ${rules <= 5 ? 'met' : 'NOT met'} |`,
    `| frailty: the same ${scored.toLocaleString('en-GB')} people as \`joinedup risk frailty\`'s document, every field checked (same run) | ${document.toFixed(2)} s | ${(document / rules).toFixed(2)}× the rules alone |`,
  ];
}
