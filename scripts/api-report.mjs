/**
 * npm run api — the public surface of each package entry point, recorded by
 * API Extractor in api/<entry>.api.md from the built .d.ts (dist/).
 *   --check   fail when a report differs from the committed one (CI; the test command runs this)
 * A change to what curatekit exports shows up in review as a diff of these files.
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRIES = {
  curatekit: 'dist/src/index.d.ts',
  'curatekit-core': 'dist/src/core/index.d.ts',
  'curatekit-engine': 'dist/src/engine.d.ts',
  'curatekit-cloud': 'dist/src/cloud/index.d.ts',
  'curatekit-components': 'dist/src/components/index.d.ts',
};
const check = process.argv.includes('--check');
if (!existsSync(path.join(ROOT, ENTRIES.curatekit))) throw new Error('dist/ is missing: run `npm run build:lib` first');
mkdirSync(path.join(ROOT, 'api'), { recursive: true });

let failed = 0;
for (const [name, entry] of Object.entries(ENTRIES)) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: path.join(ROOT, entry),
      compiler: { tsconfigFilePath: path.join(ROOT, 'tsconfig.build.json') },
      apiReport: { enabled: true, reportFileName: `${name}.api.md`, reportFolder: path.join(ROOT, 'api'), reportTempFolder: path.join(ROOT, '.cache/api') },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report is the point; TSDoc style and missing release tags are not errors here.
        extractorMessageReporting: { default: { logLevel: 'none' }, 'ae-missing-release-tag': { logLevel: 'none' } },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
        compilerMessageReporting: { default: { logLevel: 'warning' } },
      },
    },
    configObjectFullPath: path.join(ROOT, 'api', `${name}.json`),
    packageJsonFullPath: path.join(ROOT, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false });
  if (!result.succeeded || (check && result.apiReportChanged)) {
    failed++;
    console.error(`api: ${name} — the public surface differs from api/${name}.api.md; run \`npm run api\` and commit the report if the change is intended`);
  } else console.log(`api: ${name} ${result.apiReportChanged ? 'report updated' : 'unchanged'}`);
}
process.exit(failed ? 1 : 0);
