/**
 * OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html): how every FHIR error and warning
 * is told, with the issue type codes of http://hl7.org/fhir/R4/valueset-issue-type.html and
 * FHIRPath `expression`s saying where.
 */
import { isAppError } from '../platform/index.js';
import { type FhirResponse, fhirJson } from './context.js';

type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';
type IssueType =
  | 'invalid' | 'structure' | 'required' | 'value' | 'invariant' | 'security' | 'login' | 'forbidden' | 'processing' | 'not-supported'
  | 'duplicate' | 'multiple-matches' | 'not-found' | 'deleted' | 'too-long' | 'code-invalid' | 'conflict' | 'exception' | 'informational' | 'too-costly' | 'incomplete';

export interface OutcomeIssue {
  severity: IssueSeverity;
  code: IssueType;
  diagnostics: string;
  expression?: string[];
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OutcomeIssue[];
}

export function operationOutcome(issues: readonly OutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues.length > 0 ? [...issues] : [{ severity: 'information', code: 'informational', diagnostics: 'All OK' }] };
}

/** An error answered as an OperationOutcome with its HTTP status. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: readonly OutcomeIssue[],
  ) {
    super(issues[0]?.diagnostics ?? `HTTP ${status}`);
    this.name = 'FhirError';
  }
}

/** One-issue FhirError. */
export function fhirError(status: number, code: IssueType, diagnostics: string, expression?: string): FhirError {
  return new FhirError(status, [{ severity: 'error', code, diagnostics, ...(expression !== undefined ? { expression: [expression] } : {}) }]);
}

/** The issue type that best says what a catalogued error of another capability means. */
function issueTypeFor(status: number): IssueType {
  if (status === 404) return 'not-found';
  if (status === 410) return 'deleted';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 403) return 'forbidden';
  if (status === 401) return 'login';
  if (status === 413) return 'too-long';
  if (status >= 500) return 'exception';
  return 'invalid';
}

/** Whatever was thrown, as a status and an OperationOutcome; undefined for errors that are not ours to explain (a 500). */
export function toFhirError(error: unknown): FhirError | undefined {
  if (error instanceof FhirError) return error;
  if (isAppError(error)) {
    const expressions = error.errors.map((e) => e.path).filter((p) => p !== '' && p !== '/');
    return new FhirError(error.status, [{
      severity: 'error', code: issueTypeFor(error.status), diagnostics: `${error.title}: ${error.message}`,
      ...(expressions.length > 0 ? { expression: expressions } : {}),
    }]);
  }
  return undefined;
}

/** An error as the response that tells it. */
export function errorResponse(error: FhirError): FhirResponse {
  return { status: error.status, headers: { 'content-type': fhirJson }, body: JSON.stringify(operationOutcome(error.issues)) };
}
