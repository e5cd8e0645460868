import type { HostLimits } from '../config';

interface Usage {
  count: number;
  bytes: number;
  /** Per IP: when the hour being counted started. */
  since: number;
}

/** How much one more upload may take, or why none may. */
export type Allowance = { readonly ok: true; readonly maxBytes: number } | { readonly ok: false; readonly message: string; readonly retryAfterMs?: number };

const HOUR = 3_600_000;

/**
 * Upload quotas: per chat (count and bytes, for the chat's life) and per client IP (count and bytes per hour). The
 * byte allowance caps the stream itself, so a file that would pass a quota is cut off while it arrives, never
 * stored whole first. Kept in memory: a restart forgets the counts (the per-file size limit still holds), which a
 * host with several processes would move to shared storage.
 *
 * @example
 * ```ts
 * const allowance = quota.allow(chatId, ip);
 * if (!allowance.ok) return refuse(429, allowance.message);
 * const saved = await uploads.save(req, meta, allowance.maxBytes);
 * quota.record(chatId, ip, saved.size);
 * ```
 */
export class UploadQuota {
  readonly #limits: HostLimits;
  readonly #now: () => number;
  readonly #chats = new Map<string, Usage>();
  readonly #ips = new Map<string, Usage>();

  constructor(limits: HostLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  allow(chatId: string, ip: string): Allowance {
    const limits = this.#limits;
    const chat = this.#chats.get(chatId) ?? { count: 0, bytes: 0, since: 0 };
    const byIp = this.#ipUsage(ip);
    if (chat.count >= limits.uploadsPerChat) return { ok: false, message: `this chat already has ${limits.uploadsPerChat} files, the most it may hold` };
    if (chat.bytes >= limits.uploadBytesPerChat) return { ok: false, message: `this chat already holds ${limits.uploadBytesPerChat} bytes of files, the most it may hold` };
    const retryAfterMs = byIp.since + HOUR - this.#now();
    if (byIp.count >= limits.uploadsPerHourPerIp) return { ok: false, message: `more than ${limits.uploadsPerHourPerIp} files an hour from your address; try again later`, retryAfterMs };
    if (byIp.bytes >= limits.uploadBytesPerHourPerIp) return { ok: false, message: `more than ${limits.uploadBytesPerHourPerIp} bytes an hour from your address; try again later`, retryAfterMs };
    return { ok: true, maxBytes: Math.min(limits.maxUploadBytes, limits.uploadBytesPerChat - chat.bytes, limits.uploadBytesPerHourPerIp - byIp.bytes) };
  }

  /** Counts a stored file against its chat and address. */
  record(chatId: string, ip: string, bytes: number): void {
    const chat = this.#chats.get(chatId) ?? { count: 0, bytes: 0, since: 0 };
    chat.count++;
    chat.bytes += bytes;
    this.#chats.set(chatId, chat);
    const byIp = this.#ipUsage(ip);
    byIp.count++;
    byIp.bytes += bytes;
  }

  /** A file removed unsent gives its share back to the chat (not to the address: the bytes were received). */
  release(chatId: string, bytes: number): void {
    const chat = this.#chats.get(chatId);
    if (chat === undefined) return;
    chat.count = Math.max(0, chat.count - 1);
    chat.bytes = Math.max(0, chat.bytes - bytes);
  }

  /** Forgets a chat that ended. */
  forgetChat(chatId: string): void {
    this.#chats.delete(chatId);
  }

  #ipUsage(ip: string): Usage {
    const now = this.#now();
    let usage = this.#ips.get(ip);
    if (usage === undefined || now - usage.since >= HOUR) {
      usage = { count: 0, bytes: 0, since: now };
      this.#ips.set(ip, usage);
      if (this.#ips.size > 100_000) this.#ips.delete(this.#ips.keys().next().value as string);
    }
    return usage;
  }
}
