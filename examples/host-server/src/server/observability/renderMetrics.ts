import type { EngineMetrics } from 'chatroute';
import type { HostMetrics } from './HostMetrics';
import type { ProcessStats } from './processStats';
import { PrometheusText } from './prometheus';

/**
 * The process's own families (standard names, as Prometheus client libraries write them), so a cluster node that
 * also embeds a host server writes them once.
 *
 * @example
 * ```ts
 * const text = renderProcess(new PrometheusText(), stats).toString();
 * ```
 */
export function renderProcess(out: PrometheusText, stats: ProcessStats): PrometheusText {
  const memory = stats.memory();
  return out
    .gauge('process_start_time_seconds', 'When the process started, in Unix seconds', Math.floor(stats.startedAt / 1000))
    .gauge('process_uptime_seconds', 'Seconds since the process started', stats.uptimeSeconds())
    .gauge('process_resident_memory_bytes', 'Resident set size', memory.rss)
    .gauge('nodejs_heap_size_used_bytes', 'V8 heap used', memory.heapUsed)
    .gauge('nodejs_heap_size_total_bytes', 'V8 heap allocated', memory.heapTotal)
    .gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (buffers)', memory.external)
    .gauge('nodejs_eventloop_lag_seconds', 'How late the event loop ran its last timer', stats.lagMs / 1000)
    .gauge('nodejs_eventloop_lag_max_seconds', 'The largest event-loop delay since the last scrape', stats.takeMaxLag() / 1000);
}

/**
 * The host's counters and gauges (`chatroute_host_…`).
 *
 * @example
 * ```ts
 * renderHost(out, context.observe.metrics, true);
 * ```
 */
export function renderHost(out: PrometheusText, host: HostMetrics, ready: boolean): PrometheusText {
  return out
    .gauge('chatroute_host_ready', '1 when /readyz answers 200', ready ? 1 : 0)
    .counter('chatroute_host_http_requests_total', 'HTTP requests answered, by route and status', host.requests.samples())
    .gauge('chatroute_host_ws_connections', 'WebSockets open now, by kind (pending: not signed in yet)', host.openSamples())
    .counter('chatroute_host_ws_connections_total', 'WebSockets opened (pending) and signed in, by kind', host.opened.samples())
    .counter('chatroute_host_ws_frames_total', 'WebSocket frames, by direction and kind of socket', host.frames.samples())
    .counter('chatroute_host_ws_heartbeats_missed_total', 'WebSockets terminated for not answering pings in time, by kind', host.heartbeatsMissed.samples())
    .counter('chatroute_host_ws_revoked_total', 'WebSockets closed because their sign-in was revoked or expired, by kind', host.revoked.samples())
    .counter('chatroute_host_login_throttled_total', 'Sign-ins refused by the back-off before the password was checked, by door', host.loginsThrottled.samples())
    .counter('chatroute_host_rate_limited_total', 'Refusals of the per-client rate limits, by limit', host.rateLimited.samples())
    .counter('chatroute_host_uploads_total', 'Uploads stored or refused (by refusal code)', host.uploads.samples())
    .counter('chatroute_host_upload_bytes_total', 'Bytes of uploads stored', host.uploadBytes);
}

/**
 * Everything `engine.metrics()` returns, as `chatroute_…` families: commands by type and outcome, the latency
 * histograms (in seconds), timers, the journal, recovery, and the gauges of queues, agents and chats.
 *
 * @example
 * ```ts
 * renderEngine(out, engine.metrics());
 * ```
 */
export function renderEngine(out: PrometheusText, m: EngineMetrics): PrometheusText {
  const commands = Object.entries(m.commands).flatMap(([command, c]) => [
    [{ command, outcome: 'accepted' }, c?.accepted ?? 0] as const,
    ...Object.entries(c?.refused ?? {}).map(([code, n]) => [{ command, outcome: code }, n ?? 0] as const),
  ]);
  out
    .counter('chatroute_commands_total', 'Commands dispatched, by type and outcome (accepted or the refusal code)', commands)
    .counter('chatroute_invalid_commands_total', 'Input that was not a command at all', m.invalidCommands)
    .histogramMs('chatroute_dispatch_duration_seconds', 'How long dispatch took', [[{}, m.dispatchMs]])
    .counter('chatroute_timers_fired_total', 'Engine timers fired, by kind', Object.entries(m.timers).map(([timer, n]) => [{ timer }, n] as const))
    .histogramMs('chatroute_timer_duration_seconds', 'How long a fired timer took to run', [[{}, m.timerMs]])
    .gauge('chatroute_last_event_seq', 'The seq of the last event emitted', m.lastEventSeq)
    .counter('chatroute_journal_entries_total', 'Journal entries appended', m.journal.entries)
    .histogramMs('chatroute_journal_append_duration_seconds', 'How long a journal append took (synchronous store)', [[{}, m.journal.appendMs]])
    .counter('chatroute_snapshots_total', 'Snapshots written', m.journal.snapshots)
    .histogramMs('chatroute_snapshot_duration_seconds', 'How long a snapshot took', [[{}, m.journal.snapshotMs]])
    .counter('chatroute_journal_commits_total', 'Group commits (asynchronous store)', m.journal.commits)
    .histogramMs('chatroute_journal_commit_duration_seconds', 'How long a group commit took', [[{}, m.journal.commitMs]])
    .gauge('chatroute_journal_uncommitted', 'Entries staged but not yet durable', m.journal.uncommitted);
  if (m.recovery !== null) {
    out
      .gauge('chatroute_recovery_replayed_entries', 'Journal entries replayed when the engine started', m.recovery.replayedEntries)
      .gauge('chatroute_recovery_duration_seconds', 'How long recovery took when the engine started', m.recovery.ms / 1000);
  }
  return out
    .gauge('chatroute_queue_waiting', 'Chats waiting (queued or offered), by queue', m.queues.map((q) => [{ queue: q.queueId }, q.waiting] as const))
    .gauge('chatroute_queue_oldest_wait_seconds', 'The longest wait so far, by queue', m.queues.map((q) => [{ queue: q.queueId }, q.oldestWaitMs / 1000] as const))
    .gauge('chatroute_agents', 'Agents by state (disconnected: logged in, connection gone)', Object.entries(m.agents).map(([state, n]) => [{ state }, n] as const))
    .gauge('chatroute_chats_live', 'Chats not closed or abandoned', m.chats.live)
    .gauge('chatroute_chats_passivated', 'Live chats kept as a snapshot', m.chats.passivated);
}

/**
 * The whole `/metrics` page of a host server: the process (unless `process: false`, for a caller that writes it
 * itself), the host, and the engine.
 *
 * @example
 * ```ts
 * res.end(renderMetrics({ engine: engine.metrics(), host: metrics, stats, ready: true }));
 * ```
 */
export function renderMetrics(parts: { engine: EngineMetrics; host: HostMetrics; stats: ProcessStats; ready: boolean; process?: boolean; more?: (out: PrometheusText) => void }): string {
  const out = new PrometheusText();
  if (parts.process !== false) renderProcess(out, parts.stats);
  renderHost(out, parts.host, parts.ready);
  renderEngine(out, parts.engine);
  parts.more?.(out);
  return out.toString();
}
