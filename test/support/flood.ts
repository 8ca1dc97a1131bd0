/**
 * A load generator in its own process (so its work does not share the server's event loop):
 * `tsx test/support/flood.ts URL CA_FILE TOKEN PATH CLIENTS SECONDS` sends GET PATH from CLIENTS
 * keep-alive clients in a closed loop for SECONDS, then prints {"done":N,"codes":{...}}.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

const [url = '', caFile = '', token = '', path = '', clients = '1', seconds = '1'] = process.argv.slice(2);
const agent = new Agent({ ca: readFileSync(caFile, 'utf8'), keepAlive: true, maxSockets: Number(clients) });
const end = Date.now() + Number(seconds) * 1000;
const codes: Record<string, number> = {};
let done = 0;

function get(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function client(): Promise<void> {
  while (Date.now() < end) {
    const code = await get();
    codes[code] = (codes[code] ?? 0) + 1;
    done++;
  }
}

await Promise.all(Array.from({ length: Number(clients) }, client));
agent.destroy();
process.stdout.write(JSON.stringify({ done, codes }) + '\n');
