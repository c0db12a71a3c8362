/**
 * curatekit/engine — the engine side, for apps that run it in a worker of
 * their own (pass that worker as `createCurator({ worker })`).
 *
 * @example
 * // my.worker.ts
 * import * as Comlink from 'comlink';
 * import { createEngineApi, installErrorTransfer } from 'curatekit/engine';
 * installErrorTransfer();
 * Comlink.expose(createEngineApi({ modelsBaseUrl: new URL('/models/', location.href).href }));
 */
export { createEngineApi, type WorkerDefaults } from './worker/engine-api.js';
export { installErrorTransfer } from './contract/protocol.js';
