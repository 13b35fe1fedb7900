// A worker thread of the pool: loads the grammar once, then checks one file per message.
import { parentPort } from 'node:worker_threads';
import { initPython } from '../python/parser.js';
import { checkFile, type FileJob } from './check-file.js';

const port = parentPort;
if (!port) throw new Error('check/worker.js runs only as a worker thread');

const ready = initPython();
port.on('message', async (job: FileJob) => {
  await ready;
  port.postMessage(checkFile(job));
});
