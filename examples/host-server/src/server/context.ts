import type { Engine } from 'chatroute';
import type { Auth } from './auth/auth';
import type { HostConfig } from './config';
import type { Configuration } from './storage/configuration';
import type { DeskChannels } from './engine/DeskChannels';
import type { EventRouter } from './engine/EventRouter';
import type { Guards } from './limits/guards';
import type { Presence } from './engine/Presence';
import type { QueuePositions } from './engine/QueuePositions';
import type { UploadStore } from './storage/uploadStore';
import type { SupervisorForecasts } from './engine/SupervisorForecasts';
import type { HostRecords } from './records/HostRecords';
import type { Webhooks } from './webhooks/Webhooks';
import type { Observability } from './observability/health';

/** What every connection and HTTP handler shares: one engine, sign-ins, uploads, and the configuration copy. */
export interface HostContext {
  readonly engine: Engine;
  readonly auth: Auth;
  readonly uploads: UploadStore;
  readonly config: HostConfig;
  readonly configuration: Configuration;
  readonly guards: Guards;
  /** Engine events by chat and by agent (one subscription for all tabs). */
  readonly events: EventRouter;
  /** Queue and directory desk changes, serialized once per change and sent to each member. */
  readonly channels: DeskChannels;
  /** Who has a tab open now (customers per chat), and typing. */
  readonly presence: Presence;
  /** Waiting customers' places in line and estimated waits. */
  readonly positions: QueuePositions;
  /** The next half hour of each queue, for supervisors' desks. */
  readonly forecasts: SupervisorForecasts;
  /** The logger, the host's counters, the process and readiness (`/healthz`, `/readyz`, `/metrics`). */
  readonly observe: Observability;
  /** Deletes orphaned uploads now (it also runs every minute); resolves with how many. */
  readonly sweepUploads: () => Promise<number>;
  /** Webhook subscriptions and their delivery (`webhooks.webhookStats()` for `/metrics`). */
  readonly webhooks: Webhooks;
  /** Contact records and interval reports, erased contacts' files, retention. */
  readonly records: HostRecords;
}
