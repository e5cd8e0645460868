import type Database from 'better-sqlite3';
import type { Engine, HistoryStore } from 'chatroute';
import type { HostConfig } from './config';
import { ContactIdentities } from './auth/contactIdentity';
import { DeskChannels } from './engine/DeskChannels';
import { EventRouter } from './engine/EventRouter';
import { Guards } from './limits/guards';
import { Presence } from './engine/Presence';
import { QueuePositions } from './engine/QueuePositions';
import { SupervisorForecasts } from './engine/SupervisorForecasts';
import { createWaitForecaster } from './engine/waitForecast';
import type { UploadStore } from './storage/uploadStore';
import { HostRecords } from './records/HostRecords';
import { Webhooks } from './webhooks/Webhooks';
import type { ErrorLog } from './engine/QueuePositions';

/** How often orphaned uploads are looked for. */
const SWEEP_EVERY_MS = 60_000;

/**
 * What the host runs beside the engine for its tabs: the abuse limits, the event router, presence and typing, and
 * queue positions; plus the sweep that deletes orphaned uploads (never attached within `orphanUploadMs`, or of a
 * chat that ended).
 *
 * @example
 * ```ts
 * const services = openHostServices(engine, db, config, uploads, Date.now, log);
 * const context = { engine, auth, uploads, config, configuration, ...services.context };
 * ```
 */
export function openHostServices(engine: Engine, db: Database.Database, config: HostConfig, uploads: UploadStore, now: () => number, log: ErrorLog, durable: { readonly history?: HistoryStore } = {}) {
  const identities = ContactIdentities.open(db, config.identity, now);
  const guards = new Guards(engine, config.limits, identities, now, config.trustProxy);
  const events = new EventRouter(engine);
  const presence = new Presence(engine);
  const positions = new QueuePositions(engine, now, {
    log,
    ...(config.waitForecast !== undefined
      ? { forecaster: createWaitForecaster(engine, config.waitForecast), ...(config.waitForecast.everyMs !== undefined ? { forecastEveryMs: config.waitForecast.everyMs } : {}) }
      : {}),
  });
  const channels = new DeskChannels(engine);
  const forecasts = new SupervisorForecasts(engine, () => positions.arrivalRates(), { log });
  const sweep = () => sweepUploads(engine, uploads, guards, config.limits.orphanUploadMs, now());
  const timer = setInterval(() => void sweep(), Math.min(SWEEP_EVERY_MS, config.limits.orphanUploadMs));
  timer.unref();
  // Beside the engine, off the dispatch path: both read the event log with cursors kept in `db`.
  const webhooks = new Webhooks(engine, db, { now: () => engine.clock.now(), ...(config.webhooks !== undefined ? { policy: config.webhooks } : {}) });
  const records = HostRecords.open(engine, db, uploads, {
    log,
    ...(config.retentionDays !== undefined ? { retentionDays: config.retentionDays } : {}),
    ...(config.reportFlushMs !== undefined ? { reportFlushMs: config.reportFlushMs } : {}),
    ...(durable.history !== undefined ? { history: durable.history } : {}),
    onRemoved: (removed) => {
      for (const upload of removed) guards.uploads.release(upload.chatId, upload.size);
    },
  });
  return {
    context: { guards, events, presence, positions, channels, forecasts, sweepUploads: sweep, webhooks, records },
    async close() {
      await webhooks.close();
      await records.close();
      presence.stop();
      forecasts.close();
      clearInterval(timer);
      channels.close();
      positions.close();
      events.close();
      guards.close();
    },
  };
}

/** Deletes orphaned uploads; returns how many. */
export async function sweepUploads(engine: Engine, uploads: UploadStore, guards: Guards, orphanMs: number, now: number): Promise<number> {
  const removed = await uploads.sweep(now, orphanMs, (upload) => {
    const chat = engine.getChat(upload.chatId);
    // Gone, another chat under a reused id, or over: nobody can attach this file any more.
    return chat === undefined || chat.enqueuedAt !== upload.chatStartedAt || chat.state === 'closed' || chat.state === 'abandoned' || chat.customerLeftAt !== undefined;
  });
  for (const upload of removed) guards.uploads.release(upload.chatId, upload.size);
  return removed.length;
}
