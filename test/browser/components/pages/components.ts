// Test page: the package, the elements and the export helpers on window; each test builds its own DOM.
import { unzipSync } from 'fflate';
import * as curatekit from '../../../../src/index.js';
import * as components from '../../../../src/components/index.js';
import * as exporter from '../../../../src/export/index.js';

Object.assign(window as unknown as Record<string, unknown>, { curatekit, components, exporter, unzipSync });
document.getElementById('status')!.textContent = 'ready';
