// The one description of Joined Up's architecture, read by ESLint and dependency-cruiser
// (see DESIGN.md "Capabilities and where they live" and STYLE.md "Shape").

/** Capabilities in dependency order: each may import only capabilities of a lower rank. */
export const capabilityRanks = {
  platform: 0,
  people: 1,
  synthetic: 2,
  record: 2,
  care: 3,
  risk: 3,
  finance: 3,
  access: 3,
  fhir: 4,
  cli: 5,
};

/** Edge files allowed to do what domain files must not. */
export const domainFileExceptions = {
  webFramework: ['src/platform/http/**', 'src/*/routes.ts', 'src/*/routes/**', 'src/fhir/**'],
  databaseDriver: ['src/platform/db/backends/**'],
  environment: ['src/platform/config.ts', 'src/cli/**'],
};
