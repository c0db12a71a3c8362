/**
 * Conformance servers of the five cloud APIs, startable from tests or a plain
 * Node script (`npx tsx test/servers/start.ts`). Each returns
 * `{ url, close(), state, inject(fault), requests, count() }`.
 */
export { startServer, type Fault, type Match, type RequestRecord, type TestServer } from './harness.js';
export { startVectorCuratorServer, DEFAULT_VC_USERS, type VcState, type VcServerOptions } from './vector-curator.js';
export {
  startXimilarServer,
  XIMILAR_TEST_TOKEN,
  XIMILAR_STRANGER_TOKEN,
  XIMILAR_COLLECTION,
  XIMILAR_COLLECTION_TASK,
  XIMILAR_DEFAULT_WORKSPACE,
  XIMILAR_OTHER_WORKSPACE,
  XIMILAR_STRANGER_WORKSPACE,
  type XimilarState,
} from './ximilar.js';
export { startApiTorchServer, APITORCH_TEST_KEY, APITORCH_OTHER_KEY, type ApiTorchState } from './apitorch.js';
export { startVizeServer, VIZE_TEST_TOKEN, VIZE_OTHER_TOKEN, type VizeState } from './vize.js';
export { startDeepvaServer, DEEPVA_TEST_KEY, DEEPVA_OTHER_KEY, DEEPVA_MODULES, type DeepvaState } from './deepva.js';
