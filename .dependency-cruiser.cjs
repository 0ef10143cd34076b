// Architecture rules checked by `npm run arch` (inside `npm test`); the capability ranks and edge
// files come from architecture.config.js, the one description shared with ESLint.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = (async () => {
  const { capabilityRanks, domainFileExceptions } = await import('./architecture.config.js');
  const names = Object.keys(capabilityRanks);
  const glob = (g) => '^' + g.replace(/\./g, '\\.').replace(/\*\*/g, '§').replace(/\*/g, '[^/]+').replace(/§/g, '.+');
  const anyOf = (globs) => globs.map(glob).join('|');

  const rankRules = names.map((name) => {
    const allowed = names.filter((other) => other === name || capabilityRanks[other] < capabilityRanks[name]);
    return {
      name: `${name}-depends-only-on-lower-capabilities`,
      comment: `${name} may import only ${allowed.join(', ')} (DESIGN.md: dependencies point one way).`,
      severity: 'error',
      from: { path: `^src/${name}/` },
      to: { path: '^src/', pathNot: [`^src/(${allowed.join('|')})/`, '^src/joinedup\\.ts$'] },
    };
  });

  return {
    forbidden: [
      {
        name: 'no-circular',
        comment: 'Circular imports make start-up order and ownership unclear.',
        severity: 'error',
        from: {},
        to: { circular: true },
      },
      {
        name: 'domain-not-to-web-framework',
        comment: 'Domain code does not know HTTP: only routes and the HTTP platform import Fastify.',
        severity: 'error',
        from: { path: '^src/', pathNot: anyOf(domainFileExceptions.webFramework) },
        to: { path: 'node_modules/(fastify|@fastify/|light-my-request)' },
      },
      {
        name: 'domain-not-to-database-driver',
        comment: 'Only the store backends import a database driver; everything else uses the Db interface.',
        severity: 'error',
        from: { path: '^src/', pathNot: anyOf(domainFileExceptions.databaseDriver) },
        to: { path: 'node_modules/(pg|pg-[^/]+|@electric-sql/pglite)/' },
      },
      {
        name: 'capabilities-meet-through-index',
        comment: 'A capability reaches another only through its index.ts (STYLE.md: Shape).',
        severity: 'error',
        from: { path: '^src/([^/]+)/' },
        to: { path: '^src/([^/]+)/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
      },
      ...rankRules,
      {
        name: 'composition-root-only-from-edges',
        comment: 'src/joinedup.ts mounts every capability; only the CLI (and tests) start it.',
        severity: 'error',
        from: { path: '^src/', pathNot: ['^src/(cli/|joinedup\\.ts$)', '\\.test\\.ts$'] },
        to: { path: '^src/joinedup\\.ts$' },
      },
      {
        name: 'web-not-to-server-code',
        comment: 'The web UI talks to the server only through the API.',
        severity: 'error',
        from: { path: '^web/src/', pathNot: '\\.test\\.ts$' },
        to: { path: '^src/' },
      },
      {
        name: 'not-to-unresolvable',
        severity: 'error',
        from: {},
        to: { couldNotResolve: true },
      },
    ],
    options: {
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '(^|/)dist/' },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
      enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
      skipAnalysisNotInRules: false,
    },
  };
})();
