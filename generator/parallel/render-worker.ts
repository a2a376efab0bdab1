/**
 * A worker thread of the parallel renderer: one `RenderShare`, answering the
 * main thread's requests one at a time (see `render-parallel.ts`).
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { RenderShare } from './render-share.js';

const port = parentPort;
if (port === null) throw new Error('render-worker runs as a worker thread only');

const post = (message: WorkerMessage) => port.postMessage(message);
const share = new RenderShare(post);

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'exit') port.close();
  else post(share.handle(request));
});
post({ kind: 'ready' });
