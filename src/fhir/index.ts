/** The FHIR R4 API at /fhir/r4 over the shared record: CRUD, history, search, bundles and $everything. */
export { fhirRoutes, type FhirRoutesOptions } from './routes.js';
