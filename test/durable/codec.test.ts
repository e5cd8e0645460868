import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable, decodeEntry, encodeEntry } from '../../src/store/codec';

describe('journal codec', () => {
  it('computes the same CRC-32 natively and portably, over UTF-8 (check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32Portable('123456789')).toBe(0xcbf43926);
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => crc32(s) === crc32Portable(s)));
  });

  it('decodes what it encodes, and rejects a flipped character, a torn body or a wrong sequence number', () => {
    const record = encodeEntry({ seq: 7, at: 1_000, input: { kind: 'command', command: { type: 'agent.login', agentId: 'alice' } } });
    expect(decodeEntry(record)).toEqual({ seq: 7, at: 1_000, input: { kind: 'command', command: { type: 'agent.login', agentId: 'alice' } } });
    expect(decodeEntry({ ...record, body: record.body.replace('alice', 'alicf') })).toBeUndefined();
    expect(decodeEntry({ ...record, body: record.body.slice(0, -3) })).toBeUndefined();
    expect(decodeEntry({ ...record, seq: 8 })).toBeUndefined();
  });
});
