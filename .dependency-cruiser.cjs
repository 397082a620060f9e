/**
 * The layering rules of the appliance, checked by `npx depcruise` in the test command
 * (scripts/test-all.sh). ARCHITECTURE.md explains each rule and why it exists.
 */
/** Services: modules that decide (use cases, jobs, background work) rather than talk to one system. */
const SERVICES =
  '^lib/(customers|jobs|status|monitoring|users|audit|bootstrap|services|health|backups|hosts|notifications)(/|\\.ts$)' +
  '|^lib/netbird/(deploy-stack|operate-stack|remove-stack|load-stack-spec|ports|secrets|tenant-engine)\\.ts$' +
  '|^lib/settings/(store|update-settings|logo)\\.ts$';
/** Adapters: one external system each, driven by the services. */
const ADAPTERS = '^lib/(docker|proxy)/|^lib/netbird/(tenant|insight)-client\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and hides which module owns a rule.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-app',
      severity: 'error',
      comment: 'lib holds the logic; app is the web edge over it (routes, pages, server actions). Dependencies point app → lib, never back.',
      from: { path: '^lib/' },
      to: { path: '^app/' },
    },
    {
      name: 'lib-not-to-ui',
      severity: 'error',
      comment: 'Server logic never depends on React components or client hooks.',
      from: { path: '^lib/' },
      to: { path: '^(components|client)/' },
    },
    {
      name: 'ui-not-to-server-only',
      severity: 'error',
      comment:
        'Components and client hooks run in the browser: they may use shared, pure lib modules (schemas, permissions) but never reach a module marked server-only (database, secrets, Docker). Server actions (app/actions) are the one sanctioned crossing: Next.js replaces them with references in client bundles.',
      from: { path: '^(components|client)/' },
      to: { path: 'node_modules/server-only/', reachable: true },
    },
    {
      name: 'adapters-not-to-services',
      severity: 'error',
      comment: 'Adapters (Docker, NPM, the NetBird API client) are driven by services, never the other way round; an adapter that reaches a service drags use cases into every caller.',
      from: { path: ADAPTERS },
      to: { path: SERVICES },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      comment: 'Production code never knows about tests, fakes or stand-ins.',
      from: { path: '^(app|lib|components|client)/' },
      to: { path: '^(tests|e2e|bench|standins)/' },
    },
  ],
  options: {
    // Server actions are followed no further: they are the sanctioned client → server crossing.
    doNotFollow: { path: ['node_modules', '^app/actions/'] },
    exclude: { path: ['^lib/generated/', '\\.next'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are erased at compile time and carry no code across a line: only runtime
    // dependencies count (a component may name a server view type; it can never pull in its code).
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    combinedDependencies: false,
  },
};
