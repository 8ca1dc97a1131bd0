import { describe, expect, it } from '@jest/globals';
import express from 'express';
import inject from 'light-my-request';
import { Writable } from 'node:stream';
import winston from 'winston';
import { Metrics } from '../observability/metrics.js';
import { observe } from './observe.js';

async function requestWith(level: 'info' | 'debug'): Promise<{ lines: string[]; formatted: number }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      lines.push((JSON.parse(String(chunk)) as { message: string }).message);
      done();
    },
  });
  let formatted = 0;
  const counting = winston.format((info) => {
    formatted++;
    return info;
  });
  const logger = winston.createLogger({
    level,
    format: winston.format.combine(counting(), winston.format.json()),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's Stream is a TransportStream
    transports: [new winston.transports.Stream({ stream: sink })],
  });
  const app = express();
  app.use(observe(new Metrics('embedded'), logger));
  app.get('/api/v1/namespaces', (_req, resp) => {
    resp.json({ kind: 'NamespaceList', items: [] });
  });
  const res = await inject(
    (req, resp) => {
      app(req, resp);
    },
    { method: 'GET', url: '/api/v1/namespaces' },
  );
  expect(res.statusCode).toBe(200);
  return { lines, formatted };
}

describe('observe', () => {
  it('logs each request at debug level', async () => {
    const { lines } = await requestWith('debug');
    expect(lines).toEqual(['request']);
  });

  it('builds no log line at all above debug level (winston would format one and drop it)', async () => {
    const { lines, formatted } = await requestWith('info');
    expect(lines).toEqual([]);
    expect(formatted).toBe(0);
  });
});
