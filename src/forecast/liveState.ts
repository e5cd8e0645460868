import type { Engine } from '../index';
import type { EngineSnapshot } from '../durability/snapshotFormat';
import { decodeSnapshot } from '../store/codec';
import type { Store, StoredRecord } from '../store/types';

/** A waiting chat as a forecast starts from it. */
export interface WaitingChat {
  readonly chatId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly position: number;
  readonly offers: ReadonlyArray<{ readonly agentId: string; readonly offeredAt: number }>;
}

/** What a forecast needs to know of the engine at its start, read once and shared by every run. */
export interface LiveState {
  readonly at: number;
  /** In queue order, queue by queue. */
  readonly waiting: readonly WaitingChat[];
  /** Chats being handled: by whom and since when (the owner joined). */
  readonly active: ReadonlyArray<{ readonly chatId: string; readonly queueId: string; readonly agentId: string; readonly since: number }>;
  readonly missedOfferPauses: ReadonlyArray<{ readonly agentId: string; readonly since: number }>;
  readonly agents: ReadonlySet<string>;
  readonly queues: ReadonlyMap<string, { readonly serviceLevelMs: number; readonly closeStatus: string }>;
  readonly maxServiceLevelMs: number;
}

/**
 * A {@link Store} for a fork that is run and thrown away: it holds the snapshot the fork starts from and drops the
 * journal (nothing will recover from it), so a run does not accumulate entries.
 */
export function createThrowawayStore(): Store & { readonly snapshot: () => StoredRecord | null } {
  let formatVersion: number | null = null;
  let snapshot: StoredRecord | null = null;
  return {
    load: () => ({ formatVersion, snapshot, entries: [] }),
    initialize(version) {
      formatVersion = version;
    },
    append() {},
    saveSnapshot(record) {
      snapshot = record;
    },
    truncateAfter() {},
    close() {},
    snapshot: () => snapshot,
  };
}

/**
 * Reads the state a forecast starts from: the ids of the chats and agents from a fork's snapshot (the public API
 * lists neither), their details from the fork's public views, which are the live engine's.
 */
export function readLiveState(fork: Engine, record: StoredRecord): LiveState {
  const snap = decodeSnapshot(record) as EngineSnapshot;
  const queues = new Map<string, { serviceLevelMs: number; closeStatus: string }>();
  for (const q of snap.queues) queues.set(q.id, { serviceLevelMs: 20_000, closeStatus: q.closeStatuses[0] ?? 'done' });
  for (const s of fork.stats()) {
    const q = queues.get(s.queueId);
    if (q !== undefined) q.serviceLevelMs = s.serviceLevelMs;
  }
  const waiting: Array<Omit<WaitingChat, 'position'>> = [];
  const active: Array<LiveState['active'][number]> = [];
  for (const { id } of snap.chats) {
    const chat = fork.getChat(id);
    if (chat === undefined) continue;
    if (chat.state === 'queued' || chat.state === 'offered') {
      // Waiting for a particular agent (a transfer) is not waiting in the queue's order; it still waits.
      const target = chat.waitingFor;
      const queueId = target !== undefined && 'queueId' in target ? target.queueId : chat.queueId;
      waiting.push({ chatId: id, queueId, priority: chat.priority, enqueuedAt: chat.enqueuedAt, offers: chat.offers.filter((o) => o.kind !== 'invite') });
    } else if ((chat.state === 'active' || chat.state === 'closing') && chat.owner !== undefined) {
      const since = chat.participants.find((p) => p.agentId === chat.owner)?.joinedAt ?? snap.at;
      active.push({ chatId: id, queueId: chat.queueId, agentId: chat.owner, since });
    }
  }
  const missedOfferPauses: Array<{ agentId: string; since: number }> = [];
  for (const { id } of snap.agents) {
    const agent = fork.getAgent(id);
    if (agent === undefined) continue;
    if (agent.state === 'paused' && agent.pause?.reason === 'missed-offer') missedOfferPauses.push({ agentId: id, since: agent.pause.since });
  }
  // Serving order: higher priority first, then earlier entry (the waiting list's order).
  waiting.sort((a, b) => (a.queueId < b.queueId ? -1 : a.queueId > b.queueId ? 1 : 0) || b.priority - a.priority || a.enqueuedAt - b.enqueuedAt);
  let position = 0;
  const ordered = waiting.map((chat, i) => ({ ...chat, position: (position = i > 0 && waiting[i - 1]?.queueId === chat.queueId ? position + 1 : 1) }));
  const maxServiceLevelMs = Math.max(0, ...[...queues.values()].map((q) => q.serviceLevelMs));
  return { at: snap.at, waiting: ordered, active, missedOfferPauses, agents: new Set(snap.agents.map((a) => a.id)), queues, maxServiceLevelMs };
}
