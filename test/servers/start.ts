/**
 * Start the conformance servers from a plain script (for the browser test):
 *   npx tsx test/servers/start.ts [vector-curator|ximilar|apitorch|vize|deepva ...]
 * Prints one JSON line `{name: url}` and stops on SIGINT/SIGTERM or when stdin closes.
 */
import { startApiTorchServer, startDeepvaServer, startVectorCuratorServer, startVizeServer, startXimilarServer, type TestServer } from './index.js';

const starters: Record<string, () => Promise<TestServer<unknown>>> = {
  'vector-curator': startVectorCuratorServer,
  ximilar: startXimilarServer,
  apitorch: startApiTorchServer,
  vize: startVizeServer,
  deepva: startDeepvaServer,
};

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(starters);
const unknown = names.filter((n) => !(n in starters));
if (unknown.length > 0) {
  console.error(`unknown server(s): ${unknown.join(', ')}; choose from ${Object.keys(starters).join(', ')}`);
  process.exit(2);
}
const servers = await Promise.all(names.map(async (n) => [n, await starters[n]()] as const));
console.log(JSON.stringify(Object.fromEntries(servers.map(([n, s]) => [n, s.url]))));
const stop = async () => {
  await Promise.all(servers.map(([, s]) => s.close()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
