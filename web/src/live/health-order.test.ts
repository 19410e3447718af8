import { describe, expect, it } from 'vitest';
import type { HealthView } from '../../../shared/protocol';
import { orderHealth } from './health-order';

const row = (participantId: string, state: HealthView['state']): HealthView => ({ participantId, state, sendKbps: 0, receiveKbps: 0, lossPercent: 0, jitterMs: 0, rttMs: null, at: '' });

describe('connection health order', () => {
  it('puts the worst first, then names in Vietnamese order', () => {
    const names = new Map([
      ['a', 'Điểm cầu Đắk Mil'],
      ['b', 'Điểm cầu Cư Jút'],
      ['c', 'Điểm cầu Dak Song'],
      ['d', 'Điểm cầu Krông Nô'],
    ]);
    const ordered = orderHealth([row('a', 'good'), row('b', 'good'), row('c', 'poor'), row('d', 'dropped'), row('e', 'good')], names);
    expect(ordered.map((h) => h.participantId)).toEqual(['d', 'c', 'e', 'b', 'a']);
  });

  it('orders a thousand rows quickly', () => {
    const many = Array.from({ length: 1000 }, (_, i) => row(`p${i}`, i % 50 === 0 ? 'poor' : 'good'));
    const names = new Map(many.map((h, i) => [h.participantId, `Nguyễn Văn Người ${i}`]));
    const started = performance.now();
    expect(orderHealth(many, names)).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
