import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Attachment } from 'chatroute';

/**
 * One stored file. `owner` is who uploaded it (`agent:<id>` or `customer`); only they may attach it, in `chatId`,
 * and only while that chat is the one that started at `chatStartedAt` (a chat id reused after the engine's state was
 * lost names another chat, which must not reach this file).
 */
export interface StoredUpload {
  readonly id: string;
  readonly chatId: string;
  readonly chatStartedAt: number;
  readonly owner: string;
  readonly name: string;
  readonly size: number;
  readonly mimeType: string;
  /** When it was stored (missing in files stored before this field: their file time counts). */
  readonly storedAt?: number;
  /** Set once a message names it: from then on it belongs to the transcript and is never swept. */
  readonly attached?: boolean;
}

/** Why an upload was refused, as an HTTP status and a sentence. */
export interface UploadRefusal {
  readonly status: 413 | 415 | 400;
  /** `aborted`: the body stopped before its end (the part was deleted; there is nobody left to answer). */
  readonly code: 'too-large' | 'unsupported-type' | 'aborted';
  readonly message: string;
}

/**
 * The first bytes each allowed type must start with. The declared type alone is not trusted: a file that says
 * image/png but is HTML stays refused, so nothing stored can be sniffed into something executable.
 */
const signatures: Readonly<Record<string, (head: Buffer) => boolean>> = {
  'image/png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  'image/gif': (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')),
  'image/webp': (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (h) => h.subarray(0, 5).toString('latin1') === '%PDF-',
  'text/plain': (h) => !h.includes(0),
};

/** Every type the store can accept; a host's allowlist is a subset. */
export const knownUploadTypes = Object.keys(signatures);

const ID = /^[\w-]{22}$/;

/**
 * Writes `body` to `path` until it ends, or stops (without reading further) once it passes `maxBytes`. A body that
 * stops before its end (the client aborted, the connection dropped) is 'aborted': the caller removes the part.
 */
function writeCapped(body: Readable, path: string, maxBytes: number): Promise<{ size: number; head: Buffer } | 'too-large' | 'aborted'> {
  const file = createWriteStream(path);
  let size = 0;
  let head = Buffer.alloc(0);
  return new Promise((resolve) => {
    const stop = (why: 'too-large' | 'aborted') => {
      body.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError).pause();
      file.destroy();
      // The part on disk is removed by the caller once the write stream has let go of it.
      file.once('close', () => resolve(why));
    };
    const onClose = () => stop('aborted');
    const onError = () => stop('aborted');
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop('too-large');
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      // Backpressure: a slow disk pauses the socket instead of growing memory.
      if (!file.write(chunk)) {
        body.pause();
        file.once('drain', () => body.resume());
      }
    };
    const onEnd = () => {
      body.off('close', onClose).off('error', onError);
      file.end(() => resolve({ size, head }));
    };
    body.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onError);
    file.once('error', () => stop('aborted'));
  });
}

/**
 * Characters that change how a name reads without being seen: C0/C1 controls, the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069, U+061C ALM, U+200E/U+200F marks: `invoice\u202Efdp.exe` shows as
 * `invoiceexe.pdf`), zero-width characters (U+200B–U+200D, U+2060–U+2064 invisible operators, U+FEFF) and U+180E.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"]/g;

/** Keeps a display name harmless: no path, no control, bidi or zero-width characters, bounded length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(INVISIBLE, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/**
 * Files on disk under `<dataDir>/uploads`, each as `<id>` plus `<id>.json` metadata, so they outlive a restart.
 * Ids are 128 random bits, so a file's URL is a capability: it reaches exactly the people its message was shown to.
 */
export class UploadStore {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #types: readonly string[];
  readonly #index = new Map<string, StoredUpload>();

  constructor(options: { dir: string; maxBytes: number; types: readonly string[] }) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes;
    this.#types = options.types.filter((t) => knownUploadTypes.includes(t));
  }

  get types(): readonly string[] {
    return this.#types;
  }

  /**
   * Streams a body to disk, counting bytes as they come: an oversized body stops being written at the limit and is
   * never buffered whole. A refused body is left unread for the caller to drain or drop.
   */
  async save(
    body: Readable,
    meta: { chatId: string; chatStartedAt: number; owner: string; name: string; mimeType: string; storedAt?: number },
    maxBytes = this.#maxBytes,
  ): Promise<StoredUpload | UploadRefusal> {
    const mimeType = meta.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!this.#types.includes(mimeType)) return { status: 415, code: 'unsupported-type', message: `type ${mimeType || '(none)'} is not allowed; allowed: ${this.#types.join(', ')}` };
    await mkdir(this.#dir, { recursive: true });
    const id = randomBytes(16).toString('base64url');
    const path = join(this.#dir, id);
    const cap = Math.min(maxBytes, this.#maxBytes);
    const written = await writeCapped(body, path, cap);
    if (written === 'too-large' || written === 'aborted') {
      await rm(path, { force: true });
      return written === 'aborted' ? { status: 400, code: 'aborted', message: 'the upload stopped before its end' } : { status: 413, code: 'too-large', message: `file is larger than ${cap} bytes` };
    }
    const { size, head } = written;
    const matches = signatures[mimeType];
    if (size === 0 || matches === undefined || !matches(head)) {
      await rm(path, { force: true });
      return { status: 415, code: 'unsupported-type', message: size === 0 ? 'file is empty' : `content does not look like ${mimeType}` };
    }
    const upload: StoredUpload = Object.freeze({
      id,
      chatId: meta.chatId,
      chatStartedAt: meta.chatStartedAt,
      owner: meta.owner,
      name: cleanFileName(meta.name),
      size,
      mimeType,
      ...(meta.storedAt !== undefined ? { storedAt: meta.storedAt } : {}),
    });
    await writeFile(`${path}.json`, JSON.stringify(upload));
    this.#index.set(id, upload);
    return upload;
  }

  /** A stored upload's metadata (read from disk once after a restart: a few hundred bytes), or undefined. */
  get(id: string): StoredUpload | undefined {
    if (!ID.test(id)) return undefined;
    const known = this.#index.get(id);
    if (known !== undefined) return known;
    try {
      const upload = JSON.parse(readFileSync(join(this.#dir, `${id}.json`), 'utf8')) as StoredUpload;
      this.#index.set(id, upload);
      return upload;
    } catch {
      return undefined;
    }
  }

  /** Marks uploads as part of a sent message: they stay as long as the transcript does. */
  async markAttached(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const upload = this.get(id);
      if (upload === undefined || upload.attached === true) continue;
      const attached: StoredUpload = Object.freeze({ ...upload, attached: true });
      this.#index.set(id, attached);
      await writeFile(join(this.#dir, `${id}.json`), JSON.stringify(attached));
    }
  }

  /**
   * Deletes orphans: uploads no message named within `orphanMs`, or whose chat is over (`isOver`). Returns what it
   * removed (so quotas can give the share back). Reads the folder's metadata files, so it also finds orphans left
   * before a restart.
   */
  async sweep(now: number, orphanMs: number, isOver: (upload: StoredUpload) => boolean): Promise<StoredUpload[]> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    const removed: StoredUpload[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      let upload = this.#index.get(id);
      if (upload === undefined) {
        try {
          upload = JSON.parse(await readFile(join(this.#dir, name), 'utf8')) as StoredUpload;
        } catch {
          continue;
        }
      }
      if (upload.attached === true) continue;
      const storedAt = upload.storedAt ?? (await stat(join(this.#dir, name)).then((s) => s.mtimeMs, () => now));
      if (now - storedAt < orphanMs && !isOver(upload)) continue;
      this.#index.delete(id);
      await rm(join(this.#dir, id), { force: true });
      await rm(join(this.#dir, name), { force: true });
      removed.push(upload);
    }
    return removed;
  }

  /**
   * Deletes every upload `doomed` picks, attached or not: a contact's files after `contact.erased`, and files past
   * the retention. The metadata file (which holds the file's name) goes with the bytes. Returns what it removed.
   */
  async removeWhere(doomed: (upload: StoredUpload) => boolean): Promise<StoredUpload[]> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    const removed: StoredUpload[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      const upload = this.#index.get(id) ?? (await readFile(join(this.#dir, name), 'utf8').then((text) => JSON.parse(text) as StoredUpload, () => undefined));
      if (upload === undefined || !doomed(upload)) continue;
      this.#index.delete(id);
      await rm(join(this.#dir, id), { force: true });
      await rm(join(this.#dir, name), { force: true });
      removed.push(upload);
    }
    return removed;
  }

  pathOf(upload: StoredUpload): string {
    return join(this.#dir, upload.id);
  }

  /**
   * The attachments of a message: each id must be an upload of this owner for this very chat (same id, same start
   * time; before or after a restart). The engine only ever sees metadata and a URL the server made.
   */
  attachments(ids: readonly string[], chat: { readonly id: string; readonly enqueuedAt: number } | undefined, owner: string): Attachment[] | string {
    const out: Attachment[] = [];
    for (const id of ids) {
      const upload = this.get(id);
      const mine = upload !== undefined && chat !== undefined && upload.chatId === chat.id && upload.chatStartedAt === chat.enqueuedAt && upload.owner === owner;
      if (!mine) return `upload ${JSON.stringify(id)} is not yours in this chat`;
      // Cleaned again: a name stored before the cleaning grew (bidi, zero-width) must not reach a transcript either.
      out.push({ name: cleanFileName(upload.name), size: upload.size, mimeType: upload.mimeType, url: `/uploads/${upload.id}` });
    }
    return out;
  }
}
