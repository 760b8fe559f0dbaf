/**
 * The import rules of Vigie's layout (ARCHITECTURE.md), checked in CI by
 * test/architecture.test.ts. They name files, not text: a re-export, a dynamic import()
 * or a `.js` specifier resolves to the same file and meets the same rule.
 */
const outsideTheGate = { path: '^src/', pathNot: ['^src/gate/', '\\.test\\.ts$'] };

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file depends on itself through others: each folder reads from bottom to top (ARCHITECTURE.md).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'patient-rows-only-in-the-gate',
      severity: 'error',
      comment: "The row access of the patient tables, every file of it, is the gate's (DESIGN invariant 1); others may name its types.",
      from: { ...outsideTheGate, pathNot: [...outsideTheGate.pathNot, '^src/store/'] },
      to: { path: '^src/store/patient-rows/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'gate-claim-only-in-the-gate',
      severity: 'error',
      comment: "The claim to the database role that reads the patient tables: the gate's alone, and the drivers that honour it.",
      from: { ...outsideTheGate, pathNot: [...outsideTheGate.pathNot, '^src/store/'] },
      to: { path: '^src/(store/gate-claim|gate/gate-role)\\.ts$' },
    },
    {
      name: 'login-claim-only-in-the-store',
      severity: 'error',
      comment: "The claim to the login's own rights, past every wall: the drivers honour it, tests and benchmarks hold it, no module of Vigie does.",
      from: { path: '^src/', pathNot: ['^src/store/', '\\.test\\.ts$'] },
      to: { path: '^src/store/login-claim\\.ts$' },
    },
    {
      name: 'patient-keys-only-in-the-gate',
      severity: 'error',
      comment: "The claim to the establishments' data keys: the gate's alone, and the key ring that honours it.",
      from: { ...outsideTheGate, pathNot: [...outsideTheGate.pathNot, '^src/crypto/'] },
      to: { path: '^src/crypto/patient-data\\.ts$' },
    },
    {
      name: 'the-gate-passes-on-no-claim',
      severity: 'error',
      comment: 'A re-export from a gate file would hand the rows or a claim to every module that may import the gate.',
      from: { path: '^src/gate/' },
      to: { path: '^src/(store/patient-rows/|(store/gate-claim|crypto/patient-data)\\.ts$)', dependencyTypes: ['export'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot follow is one it cannot judge.',
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
