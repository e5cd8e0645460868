import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AdminResult } from '../../shared/admin';
import type { DeadLetterView, WebhookListing, WebhookView } from '../../shared/webhooks';
import { adminApi, describe } from './adminApi';

/** How often the panel reads the subscriptions again (cursors move, attempts fail, letters die). */
const REFRESH_MS = 3_000;

/**
 * Webhook subscriptions (issue 18): create one (URL, event types, a secret or a random one shown once), turn it on or
 * off, remove it; see where each stands (cursor, the event in flight and its attempts, behind the retention) and its
 * dead letters, replay one or all, or discard one.
 */
export function WebhooksPanel({ token, onRefusal }: { token: string; onRefusal: (message: string | undefined) => void }) {
  const [webhooks, setWebhooks] = useState<readonly WebhookView[]>([]);
  const [secret, setSecret] = useState<{ id: string; secret: string }>();
  const [open, setOpen] = useState<{ id: string; letters: readonly DeadLetterView[] }>();

  const apply = useCallback(
    (result: AdminResult<WebhookListing>) => {
      if (!result.ok) return onRefusal(describe(result.error));
      setWebhooks(result.webhooks);
      onRefusal(undefined);
    },
    [onRefusal],
  );
  const showLetters = useCallback(
    async (id: string) => {
      const result = await adminApi.deadLetters(token, id);
      if (result.ok) setOpen({ id, letters: result.deadLetters });
    },
    [token],
  );

  useEffect(() => {
    let live = true;
    const load = () =>
      void adminApi.webhooks(token).then((r) => {
        if (live && r.ok) setWebhooks(r.webhooks);
      });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [token]);

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const types = String(form.get('types') ?? '').split(/[\s,]+/).filter((t) => t !== '');
    const given = String(form.get('secret') ?? '');
    const result = await adminApi.createWebhook(token, { url: String(form.get('url') ?? ''), types, ...(given !== '' ? { secret: given } : {}) });
    if (result.ok) {
      setSecret({ id: result.id, secret: result.secret });
      (event.target as HTMLFormElement).reset();
    }
    apply(result);
  };

  return (
    <section className="panel" data-testid="webhooks">
      <h2>Webhooks</h2>
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <input name="url" type="url" required placeholder="https://crm.example.com/chatroute" aria-label="URL" />
        <input name="types" placeholder="event types, e.g. chat.closed contact.recorded (empty: all)" aria-label="Event types" />
        <input name="secret" placeholder="secret (empty: a random one)" aria-label="Secret" minLength={16} />
        <button type="submit" className="primary" data-testid="new-webhook">
          Add webhook
        </button>
      </form>
      {secret !== undefined && (
        <p className="notice" data-testid="webhook-secret">
          Secret of {secret.id}, shown once: <code>{secret.secret}</code>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>URL</th>
            <th>Events</th>
            <th>Cursor</th>
            <th>Now</th>
            <th>Dead letters</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {webhooks.map((w) => (
            <tr key={w.id} data-testid="webhook-row">
              <td>
                {w.url} <span className="muted">({w.id}, secret {w.secretHint})</span>
              </td>
              <td>{w.types.length === 0 ? 'all' : w.types.join(', ')}</td>
              <td>{w.cursor}</td>
              <td data-testid="webhook-state">
                <WebhookState webhook={w} onResume={async () => apply(await adminApi.resumeWebhook(token, w.id))} />
              </td>
              <td>
                {w.deadLetters}{' '}
                {w.deadLetters > 0 && (
                  <button type="button" onClick={() => void showLetters(w.id)}>
                    Show
                  </button>
                )}
              </td>
              <td>
                <button type="button" onClick={async () => apply(await adminApi.updateWebhook(token, w.id, { enabled: !w.enabled }))}>
                  {w.enabled ? 'Turn off' : 'Turn on'}
                </button>{' '}
                <button type="button" className="danger" onClick={async () => apply(await adminApi.removeWebhook(token, w.id))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== undefined && (
        <DeadLetters
          letters={open.letters}
          onReplay={async (seq) => {
            apply(await adminApi.replay(token, open.id, seq));
            await showLetters(open.id);
          }}
          onDiscard={async (seq) => {
            apply(await adminApi.discard(token, open.id, seq));
            await showLetters(open.id);
          }}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}

function WebhookState({ webhook, onResume }: { webhook: WebhookView; onResume: () => void }) {
  if (webhook.behind !== undefined) {
    return (
      <span className="error">
        Behind the event log's retention (oldest kept: {webhook.behind.oldestSeq}); delivery stopped.{' '}
        <button type="button" onClick={onResume}>
          Resume from {webhook.behind.oldestSeq}
        </button>
      </span>
    );
  }
  if (!webhook.enabled) return <span className="muted">off</span>;
  if (webhook.inFlight !== undefined) {
    return (
      <span>
        sending {webhook.inFlight.seq} (attempt {webhook.inFlight.attempts}
        {webhook.inFlight.lastError !== undefined ? `, last: ${webhook.inFlight.lastError}` : ''})
      </span>
    );
  }
  return <span>up to date</span>;
}

/** A subscription's dead letters: the events that failed every attempt, by seq. */
function DeadLetters({ letters, onReplay, onDiscard, onClose }: { letters: readonly DeadLetterView[]; onReplay: (seq?: number) => void; onDiscard: (seq: number) => void; onClose: () => void }) {
  return (
    <div data-testid="dead-letters">
      <h3>Dead letters</h3>
      <ul>
        {letters.map((d) => (
          <li key={d.seq} data-testid="dead-letter">
            {d.seq} {d.type} <span className="muted">{d.attempts} attempts, {d.error}{d.replaying ? ', replay queued' : ''}</span>{' '}
            <button type="button" onClick={() => onReplay(d.seq)}>
              Replay
            </button>{' '}
            <button type="button" className="danger" onClick={() => onDiscard(d.seq)}>
              Discard
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onReplay()} disabled={letters.length === 0}>
        Replay all
      </button>{' '}
      <button type="button" className="link" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
