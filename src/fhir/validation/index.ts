/** Validation of incoming FHIR R4 resources against the R4 definitions, with FHIRPath expressions for OperationOutcome. */
export { validateResource, type ValidateOptions, type ValidationIssue } from './validate.js';
export { isSummaryElement, knownResourceTypes } from './structures.js';
