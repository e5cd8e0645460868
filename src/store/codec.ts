import { ChatrouteError } from '../errors/ChatrouteError';
import type { JournalEntry, JournalInput, StoredRecord } from './types';

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

const encoder = new TextEncoder();

/** The portable CRC-32 (for Node before 20.15, which lacks `zlib.crc32`): the same value, over UTF-8 bytes. */
export function crc32Portable(text: string): number {
  const bytes = encoder.encode(text);
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

// Node's native CRC-32 (20.15+), reached without a static import so the main entry stays free of Node built-ins
// (browsers bundle it for the desk reducer); elsewhere the portable one gives the same value.
const native = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => { crc32?: (data: string) => number } | undefined } }
).process?.getBuiltinModule?.('node:zlib')?.crc32;

/**
 * CRC-32 (IEEE, as in zip and PNG) of a string's UTF-8 bytes: cheap, and enough to tell a torn or flipped journal
 * row from a good one (it is not a defence against tampering). Node's native one where it exists.
 */
export const crc32: (text: string) => number = typeof native === 'function' ? (text) => native(text) : crc32Portable;

/** Encodes a journal entry as a stored record: `[seq, at, input]` as JSON, with its checksum. */
export function encodeEntry(entry: JournalEntry): StoredRecord {
  const body = JSON.stringify([entry.seq, entry.at, entry.input]);
  return { seq: entry.seq, body, crc: crc32(body) };
}

/** Thrown while reading a store whose content cannot be trusted. */
export function corrupt(message: string): ChatrouteError {
  return new ChatrouteError('store-corrupt', message);
}

/**
 * Checks and decodes a stored journal record; `undefined` when its checksum, sequence number or shape is wrong
 * (the caller names the last good entry).
 */
export function decodeEntry(record: StoredRecord): JournalEntry | undefined {
  if (typeof record.body !== 'string' || crc32(record.body) !== record.crc) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [seq, at, input] = parsed as [unknown, unknown, JournalInput | null];
  if (seq !== record.seq || typeof at !== 'number' || typeof input !== 'object' || input === null) return undefined;
  if (input.kind === 'command' ? typeof input.command !== 'object' : input.kind !== 'timer' || typeof input.timerId !== 'number') {
    return undefined;
  }
  return { seq, at, input };
}

/** Encodes a snapshot body (any JSON value) with its checksum. */
export function encodeSnapshot(seq: number, state: unknown): StoredRecord {
  const body = JSON.stringify(state);
  return { seq, body, crc: crc32(body) };
}

/** Checks and parses a stored snapshot; throws `store-corrupt` when it fails its checksum. */
export function decodeSnapshot(record: StoredRecord): unknown {
  if (typeof record.body !== 'string' || crc32(record.body) !== record.crc) {
    throw corrupt(`the snapshot at entry ${record.seq} fails its checksum; restore the store from a backup`);
  }
  return JSON.parse(record.body);
}
