/**
 * The floor of one API request in Node on this machine: an HTTPS server (the product's TLS
 * material) that reads a JSON body, parses it, and answers it re-serialised with 201, either on
 * bare node:https or through express (as the product serves). It does nothing else: no auth,
 * admission, storage or audit. Prints "listening <port>" when ready.
 *   node --import tsx hack/bench/floor-server.ts <express|node> <dataDir>
 */
import { createServer, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { ensureTls } from '../../apiserver/bootstrap/certs.js';

const [mode = 'node', dataDir = '.'] = process.argv.slice(2);
const tls = await ensureTls(dataDir);
const options: ServerOptions = { cert: tls.cert, key: tls.key, keepAlive: true };

function answer(req: IncomingMessage, resp: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (d: Buffer) => chunks.push(d));
  req.on('end', () => {
    const obj = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const body = JSON.stringify({ ...obj, status: { phase: 'Pending' } });
    resp.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    resp.end(body);
  });
}

let handler: (req: IncomingMessage, resp: ServerResponse) => void = answer;
if (mode === 'express') {
  const app = express();
  app.post('/apis/:group/:version/namespaces/:ns/:plural', (req, resp) => {
    answer(req, resp);
  });
  handler = app;
}
const server = createServer(options, handler);
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
