import { describe, expect, it } from 'vitest';
import {
  ageOn, changeText, decisionText, exclusionReasonText, formatRisk, isPersonRiskAnswer, isWorklist, practiceName, type RiskDecision, worklistStatusOf,
} from './case-finding.js';

const run = { id: '1', modelVersion: 2, indexDate: '2026-04-01', finishedAt: '2026-04-02T01:00:00.000Z', people: 1200 };
const entry = {
  personId: '7', name: 'Ann Arden', nhsNumber: '9434765919', birthDate: '1940-01-01', practice: 'Z90001', probability: 0.34, rank: 1,
  factors: [{ group: 'age', text: 'Aged 86', contribution: 0.93 }], change: 'risen', previousProbability: 0.21, status: 'listed', decision: null,
};
const decision = (d: Partial<RiskDecision>): RiskDecision => ({
  kind: 'excluded', reason: 'end-of-life', note: null, coordinator: null, decidedBy: 'Dr Ada Okafor', decidedAt: '2026-04-03T10:00:00.000Z', ...d,
});

describe('formatRisk', () => {
  it.each<[number, string]>([
    [0.342, '34%'],
    [0.345, '35%'],
    [0.08473, '8%'],
    [1, '100%'],
    [0.005, '1%'],
    [0.0049, 'under 1%'],
    [0, 'under 1%'],
  ])('shows %f as %s', (p, text) => {
    expect(formatRisk(p)).toBe(text);
  });
});

describe('ageOn', () => {
  it.each<[string, string, number | undefined]>([
    ['1940-01-01', '2026-12-01', 86],
    ['1940-12-02', '2026-12-01', 85],
    ['1940-12-01', '2026-12-01', 86],
    ['2026-12-02', '2026-12-01', undefined],
    ['not a date', '2026-12-01', undefined],
  ])('is %s to %s: %s', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });
});

describe('changeText', () => {
  it('says new, or risen from what, or nothing', () => {
    expect(changeText({ change: 'new', previousProbability: null })).toBe('New');
    expect(changeText({ change: 'risen', previousProbability: 0.21 })).toBe('Risen (was 21%)');
    expect(changeText({ change: 'risen', previousProbability: null })).toBe('Risen');
    expect(changeText({ change: null, previousProbability: 0.3 })).toBeNull();
  });
});

describe('decisions in words', () => {
  it('names the reason, the coordinator or the return', () => {
    expect(decisionText(decision({}))).toBe('Excluded: at the end of life');
    expect(decisionText(decision({ reason: 'other', note: 'moving away' }))).toBe('Excluded: another reason');
    expect(decisionText(decision({ kind: 'enrolled', reason: 'enrolled', coordinator: 'sam.coordinator' }))).toBe('Enrolled with coordinator sam.coordinator');
    expect(decisionText(decision({ kind: 'returned', reason: 'returned' }))).toBe('Returned to the list');
    expect(exclusionReasonText('case-managed')).toBe('Already case-managed');
    expect(exclusionReasonText('something new')).toBe('something new');
  });
});

describe('the answers the pages read', () => {
  it('accepts a worklist and a person’s risk as the server sends them, and refuses anything else', () => {
    expect(isWorklist({ run, practice: 'Z90001', top: 50, entries: [entry] })).toBe(true);
    expect(isWorklist({ run, practice: 'Z90001', top: 50, entries: [{ ...entry, status: 'maybe' }] })).toBe(false);
    expect(isWorklist({ practice: 'Z90001', top: 50, entries: [] })).toBe(false);
    expect(isPersonRiskAnswer({ risk: null })).toBe(true);
    expect(isPersonRiskAnswer({ risk: { ...entry, run, status: 'enrolled', decision: decision({ kind: 'enrolled', coordinator: 'sam' }) } })).toBe(true);
    expect(isPersonRiskAnswer({ risk: entry })).toBe(false);
  });
});

describe('practiceName and worklistStatusOf', () => {
  it('name a practice by name and code, and read the list shown from the address', () => {
    expect(practiceName({ code: 'Z90001', name: 'Bay Practice' })).toBe('Bay Practice (Z90001)');
    expect(practiceName({ code: 'Z90002', name: null })).toBe('Z90002');
    expect(worklistStatusOf('enrolled')).toBe('enrolled');
    expect(worklistStatusOf('excluded')).toBe('excluded');
    expect(worklistStatusOf(null)).toBe('listed');
    expect(worklistStatusOf('everyone')).toBe('listed');
  });
});
