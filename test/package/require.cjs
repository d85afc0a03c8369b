// CommonJS consumer of the package, by its own name (Node resolves a package's name from inside it
// through `exports`): prints whether require() and import() give the same module objects, and what
// they hold, as JSON.
const { readFileSync } = require('node:fs');
const main = require('binspect');
const core = require('binspect/core');
Promise.all([import('binspect'), import('binspect/core')]).then(([imported, importedCore]) => {
  const file = process.argv[2];
  process.stdout.write(JSON.stringify({
    sameMain: main === imported,
    sameCore: core === importedCore,
    mainKeys: Object.keys(main).sort(),
    coreKeys: Object.keys(core).sort(),
    report: main.inspectFileSync(file),
    coreReport: core.inspect(readFileSync(file)),
  }));
});
