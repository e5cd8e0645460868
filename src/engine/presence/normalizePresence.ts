import { ChatrouteError } from '../../errors/ChatrouteError';
import type { PresenceOptions } from '../../model/config';
import type { NormalizedPresence } from '../ports';

const ms = (value: unknown, what: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ChatrouteError('invalid-config', `options.presence.${what} must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
};

/** Validates `options.presence` and fills its defaults; throws `invalid-config` naming the field. */
export function normalizePresence(options: PresenceOptions | undefined): NormalizedPresence {
  const p = options ?? {};
  const agentChats = p.agentChats ?? 'keep';
  if (agentChats !== 'keep' && agentChats !== 'requeue' && agentChats !== 'close-with-status') {
    throw new ChatrouteError('invalid-config', `options.presence.agentChats must be 'keep', 'requeue' or 'close-with-status', got ${String(agentChats)}`);
  }
  const pause = p.agentPause ?? { reason: 'disconnected', paid: true };
  if (typeof pause?.reason !== 'string' || pause.reason.length === 0 || typeof pause.paid !== 'boolean') {
    throw new ChatrouteError('invalid-config', 'options.presence.agentPause must be { reason: non-empty string, paid: boolean }');
  }
  if (p.closeStatus !== undefined && (typeof p.closeStatus !== 'string' || p.closeStatus.length === 0)) {
    throw new ChatrouteError('invalid-config', 'options.presence.closeStatus must be a non-empty string');
  }
  return {
    agentGraceMs: ms(p.agentGraceMs, 'agentGraceMs', 30_000),
    agentPause: Object.freeze({ reason: pause.reason, paid: pause.paid }),
    agentChatsAfterMs: ms(p.agentChatsAfterMs, 'agentChatsAfterMs', 120_000),
    agentChats,
    closeStatus: p.closeStatus,
    customerGraceMs: ms(p.customerGraceMs, 'customerGraceMs', 60_000),
  };
}

