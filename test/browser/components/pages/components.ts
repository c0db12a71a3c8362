// Test page: the package and the elements on window, nothing placed yet (each test builds its DOM).
import * as curatekit from '../../../../src/index.js';
import * as components from '../../../../src/components/index.js';
import * as exporter from '../../../../src/export/index.js';

Object.assign(window as unknown as Record<string, unknown>, { curatekit, components, exporter });
document.getElementById('status')!.textContent = 'ready';
