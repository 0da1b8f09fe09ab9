import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, persistentParts, refill } from '../../src/sandbox/persistence.ts';

describe("the standalone sandbox's state encoding", () => {
  it('brings back Maps, Sets, Dates and nested plain data', () => {
    const state = {
      events: new Map([['e1', { id: 'e1', holders: new Set(['maya@example.com']), sequence: 2, note: undefined }]]),
      sentAt: new Date('2026-11-24T10:31:00Z'),
      counter: 7,
      list: [1, 'two', null, true],
    };
    const back = decodeState(encodeState(state)) as typeof state;
    expect(back.events.get('e1')?.holders).toEqual(new Set(['maya@example.com']));
    expect(back.events.get('e1')).not.toHaveProperty('note');
    expect(back.sentAt).toEqual(new Date('2026-11-24T10:31:00Z'));
    expect(back).toMatchObject({ counter: 7, list: [1, 'two', null, true] });
  });

  it('keeps an object two places share as one object, cycles included', () => {
    const grant = { email: 'maya@example.com', scopes: new Set(['calendar']), revoked: false };
    const parent: { self?: unknown; grant: typeof grant } = { grant };
    parent.self = parent;
    const state = {
      refreshTokens: new Map([['r1', { grant, live: true }]]),
      accessTokens: new Map([['a1', { grant, expires: 1 }]]),
      parent,
    };
    const back = decodeState(encodeState(state)) as typeof state;
    const viaRefresh = back.refreshTokens.get('r1')?.grant;
    expect(viaRefresh).toBe(back.accessTokens.get('a1')?.grant);
    viaRefresh!.revoked = true;
    expect(back.accessTokens.get('a1')?.grant.revoked).toBe(true);
    expect(back.parent.self).toBe(back.parent);
    expect(back.parent.grant).toBe(viaRefresh);
  });

  it('refuses what it cannot save, instead of losing it', () => {
    expect(() => encodeState({ listener: () => {} })).toThrow(/holds a function/);
  });

  it('loads each part into the containers its closures already hold', () => {
    const events = new Map<string, number>([['old', 1]]);
    const paused = new Set<string>(['old@example.com']);
    const parts = persistentParts({
      events: { save: () => events, load: (saved) => refill(events, saved) },
      paused: { save: () => paused, load: (saved) => refill(paused, saved) },
    });
    const saved = encodeState(parts.save());
    events.set('new', 2);
    paused.clear();
    parts.load(decodeState(saved));
    expect([...events]).toEqual([['old', 1]]);
    expect([...paused]).toEqual(['old@example.com']);
  });
});
