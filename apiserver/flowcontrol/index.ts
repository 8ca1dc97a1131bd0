/**
 * API Priority and Fairness as an express middleware, after authentication: each request takes a
 * seat of its priority level (see classify.ts) or waits fairly in its flow's queue (fair-queue.ts);
 * a rejected one answers 429 with Retry-After. Metrics under kube's apiserver_flowcontrol_* names.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { UserInfo } from '../../api/user.js';
import { tooManyRequests } from '../errors/status.js';
import { classify, type PriorityLevel } from './classify.js';
import { FairQueue } from './fair-queue.js';

export interface FlowControlOptions {
  /** requests executing at once, all levels together (kube's --max-requests-inflight) */
  readonly maxInflight: number;
  /** requests waiting per flow */
  readonly queueLength?: number;
  /** longest wait before a 429 */
  readonly maxWaitMs?: number;
}

/** What the middleware needs to know of the request (set by authentication and observe). */
export interface FlowLocals {
  readonly userInfo?: UserInfo;
  readonly info?: { readonly namespace: string; readonly verb: string };
}

function flowMetrics(registry: Registry) {
  const labelNames = ['priority_level', 'flow_schema'] as const;
  return {
    executing: new Gauge({
      name: 'apiserver_flowcontrol_current_executing_requests',
      help: 'Number of requests in initial (for a WATCH) or any (for a non-WATCH) execution stage in the API Priority and Fairness subsystem',
      labelNames,
      registers: [registry],
    }),
    inqueue: new Gauge({
      name: 'apiserver_flowcontrol_current_inqueue_requests',
      help: 'Number of requests currently pending in queues of the API Priority and Fairness subsystem',
      labelNames,
      registers: [registry],
    }),
    dispatched: new Counter({
      name: 'apiserver_flowcontrol_dispatched_requests_total',
      help: 'Number of requests executed by API Priority and Fairness subsystem',
      labelNames,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'apiserver_flowcontrol_rejected_requests_total',
      help: 'Number of requests rejected by API Priority and Fairness subsystem',
      labelNames: [...labelNames, 'reason'],
      registers: [registry],
    }),
    wait: new Histogram({
      name: 'apiserver_flowcontrol_request_wait_duration_seconds',
      help: 'Length of time a request spent waiting in its queue',
      labelNames: [...labelNames, 'execute'],
      buckets: [0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30],
      registers: [registry],
    }),
  };
}

export function flowControl(opts: FlowControlOptions, registry: Registry) {
  const systemSeats = Math.max(1, Math.floor(opts.maxInflight / 4));
  const queue = { queueLength: opts.queueLength ?? 128, maxWaitMs: opts.maxWaitMs ?? 15_000 };
  const levels: Record<Exclude<PriorityLevel, 'exempt'>, FairQueue> = {
    system: new FairQueue({ seats: systemSeats, ...queue }),
    workload: new FairQueue({ seats: Math.max(1, opts.maxInflight - systemSeats), ...queue }),
  };
  const m = flowMetrics(registry);
  return async (_req: Request, resp: Response, next: NextFunction): Promise<void> => {
    const locals = resp.locals as FlowLocals;
    if (!locals.userInfo) {
      next();
      return;
    }
    const { level, flow } = classify(locals.userInfo, locals.info?.namespace ?? '', locals.info?.verb);
    if (level === 'exempt') {
      next();
      return;
    }
    const labels = { priority_level: level, flow_schema: level };
    const fq = levels[level];
    m.inqueue.inc(labels);
    const admission = await fq.acquire(flow);
    m.inqueue.dec(labels);
    if (!admission.admitted) {
      m.rejected.inc({ ...labels, reason: admission.why });
      throw tooManyRequests('Too many requests, please try again later.', 1);
    }
    m.wait.observe({ ...labels, execute: 'true' }, admission.waitedMs / 1000);
    m.dispatched.inc(labels);
    m.executing.inc(labels);
    const done = (): void => {
      resp.off('finish', done);
      resp.off('close', done);
      m.executing.dec(labels);
      admission.release();
    };
    resp.once('finish', done);
    resp.once('close', done);
    next();
  };
}
