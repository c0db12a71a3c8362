import { HttpClient } from '../../src/cloud/index.js';
import { json, startServer } from './harness.js';
process.on('unhandledRejection', (e) => { console.log('UNHANDLED', (e as Error).name); });
const s = await startServer([{ method: 'GET', path: '/api/item', handler: () => json(200, {}) }], {});
const c = new HttpClient({ service: 'svc', baseUrl: `${s.url}/api`, retry: { limit: 3, baseDelayMs: 1 } });
s.inject({ kind: 'status', status: 503, times: 1, retryAfter: 5 });
const ac = new AbortController();
setTimeout(() => ac.abort(), 50);
try { await c.request({ method: 'GET', path: 'item', signal: ac.signal }); } catch (e) { console.log('caught', (e as Error).name); }
await new Promise((r) => setTimeout(r, 100));
await s.close();
