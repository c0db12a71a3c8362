/** A plain module worker that uses a cloud connector (for cloud-worker.spec.ts). */
import { VectorCuratorClient } from '../../../src/cloud/index.js';

self.onmessage = async (e: MessageEvent<{ baseUrl: string; user: string; password: string }>) => {
  const { baseUrl, user, password } = e.data;
  const logs: string[] = [];
  const client = new VectorCuratorClient({ baseUrl, usernameOrEmail: user, password, poll: { intervalMs: 20, backoff: 1, maxIntervalMs: 20 }, logger: (ev: unknown) => logs.push(JSON.stringify(ev)) } as never);
  try {
    const progress: number[] = [];
    await client.run('create_archive', { name: 'remote', content_type: 'Image' });
    const list = await client.run('list_content', null, { onProgress: (p) => progress.push(p.progress) });
    self.postMessage({ ok: true, status: list.status, archives: Object.keys(list.results!.archive_to_content_type_states_nr_of_contents), logs });
  } catch (err) {
    const x = err as { name: string; code?: string; message: string; stack?: string };
    self.postMessage({ ok: false, name: x.name, code: x.code, text: `${x.message} ${x.stack ?? ''} ${JSON.stringify(x)}`, logs });
  }
};
