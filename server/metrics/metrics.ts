/**
 * Prometheus metrics (issue 17, point 8; R3.10, M9.2): one registry per server (tests run several in a process),
 * with the process's defaults, the live meetings and participants this instance runs, Janus's health, how long a
 * change takes to reach the sockets, and HTTP latency per route. Served at `/metrics` (metrics.routes.ts) only to
 * whoever presents `METRICS_TOKEN`.
 */
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface LiveFigures {
  /** Meetings this instance runs now. */
  liveMeetings(): number;
  /** Participants connected to those meetings now. */
  liveParticipants(): number;
}

export interface MetricsSources {
  live: LiveFigures;
  /** Whether Janus answers (its session is up). */
  janusUp(): boolean;
}

/** What the rest of the server reports into. */
export interface MetricsSink {
  /** A flush delivered what changed, `seconds` after the first change of its batch. */
  eventDelivered(seconds: number): void;
}

export class Metrics implements MetricsSink {
  readonly registry = new Registry();
  private readonly delivery: Histogram;
  private readonly http: Histogram<'method' | 'route' | 'status'>;

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'giaoban_' });
    new Gauge({
      name: 'giaoban_live_meetings',
      help: 'Meetings in progress run by this instance',
      registers: [this.registry],
      collect() {
        this.set(sources.live.liveMeetings());
      },
    });
    new Gauge({
      name: 'giaoban_live_participants',
      help: 'Participants connected to the meetings this instance runs',
      registers: [this.registry],
      collect() {
        this.set(sources.live.liveParticipants());
      },
    });
    new Gauge({
      name: 'giaoban_janus_up',
      help: '1 when Janus answers, 0 when the media plane is unavailable',
      registers: [this.registry],
      collect() {
        this.set(sources.janusUp() ? 1 : 0);
      },
    });
    this.delivery = new Histogram({
      name: 'giaoban_live_event_delivery_seconds',
      help: 'From a change in a live meeting (roster, floor, lobby) to its frames handed to the sockets',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.http = new Histogram({
      name: 'giaoban_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [this.registry],
    });
  }

  eventDelivered(seconds: number): void {
    this.delivery.observe(seconds);
  }

  /** One answered request; `route` is the route's pattern (never the address with its ids or tokens). */
  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }
}
