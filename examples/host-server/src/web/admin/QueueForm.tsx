import { useState } from 'react';
import type { QueueConfig, StrategyName } from 'chatroute';

const strategies: readonly StrategyName[] = ['longest-idle', 'least-busy', 'round-robin', 'ring-all', 'random'];

/** Fields with inputs of their own; every other setting travels in the JSON box, so editing never drops one. */
const FORM_KEYS = ['id', 'name', 'number', 'strategy', 'offerTimeoutMs', 'missedOffer', 'closeStatuses', 'rejectCooldownMs', 'serviceLevelMs'];

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : String(ms / 1000));
const millis = (text: string): number | undefined => (text.trim() === '' ? undefined : Math.round(Number(text) * 1000));

interface Props {
  /** With the host's `number`, which the desk's chat header shows. */
  readonly queue: (QueueConfig & { readonly number?: number }) | undefined;
  readonly onSave: (queue: QueueConfig & { readonly number?: number }) => void;
  readonly onCancel: () => void;
}

/** Creates a queue (`queue` undefined) or changes one; the engine validates and refuses with a reason. */
export function QueueForm({ queue, onSave, onCancel }: Props) {
  const [id, setId] = useState(queue?.id ?? '');
  const [name, setName] = useState(queue?.name ?? '');
  const [number, setNumber] = useState(queue?.number === undefined ? '' : String(queue.number));
  const [strategy, setStrategy] = useState<StrategyName>(queue?.strategy ?? 'longest-idle');
  const [offerTimeout, setOfferTimeout] = useState(seconds(queue?.offerTimeoutMs ?? 20_000));
  const [missedOffer, setMissedOffer] = useState(queue?.missedOffer ?? 'unpaid-pause');
  const [statuses, setStatuses] = useState((queue?.closeStatuses ?? ['resolved']).join(', '));
  const [cooldown, setCooldown] = useState(seconds(queue?.rejectCooldownMs));
  const [serviceLevel, setServiceLevel] = useState(seconds(queue?.serviceLevelMs));
  const rest = Object.fromEntries(Object.entries(queue ?? {}).filter(([key]) => !FORM_KEYS.includes(key)));
  const [other, setOther] = useState(JSON.stringify(rest, null, 2));
  const [problem, setProblem] = useState<string>();

  function submit() {
    let extra: Record<string, unknown>;
    try {
      extra = JSON.parse(other.trim() === '' ? '{}' : other) as Record<string, unknown>;
    } catch {
      return setProblem('Other settings must be a JSON object');
    }
    const numbers = { offerTimeoutMs: millis(offerTimeout), rejectCooldownMs: millis(cooldown), serviceLevelMs: millis(serviceLevel) };
    setProblem(undefined);
    onSave({
      ...extra,
      id: id.trim(),
      name: name.trim(),
      ...(number.trim() !== '' ? { number: Number(number) } : {}),
      strategy,
      missedOffer,
      closeStatuses: statuses.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      ...Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined)),
    } as QueueConfig & { number?: number });
  }

  return (
    <form
      className="card"
      data-testid="queue-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>{queue === undefined ? 'New queue' : `Queue ${queue.id}`}</h2>
      <div className="row">
        <label>
          Id
          <input name="queueId" value={id} onChange={(e) => setId(e.target.value)} disabled={queue !== undefined} required />
        </label>
        <label>
          Name
          <input name="queueName" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Number
          <input name="queueNumber" type="number" min="1" step="1" value={number} placeholder="as listed" onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          Strategy
          <select name="strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as StrategyName)}>
            {strategies.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          Offer timeout (s)
          <input name="offerTimeout" type="number" min="1" step="any" value={offerTimeout} onChange={(e) => setOfferTimeout(e.target.value)} />
        </label>
        <label>
          Missed offer
          <select name="missedOffer" value={missedOffer} onChange={(e) => setMissedOffer(e.target.value as typeof missedOffer)}>
            <option value="unpaid-pause">unpaid pause</option>
            <option value="none">none</option>
          </select>
        </label>
        <label>
          Reject cooldown (s)
          <input name="cooldown" type="number" min="0" step="any" value={cooldown} placeholder="30" onChange={(e) => setCooldown(e.target.value)} />
        </label>
        <label>
          Service level (s)
          <input name="serviceLevel" type="number" min="0" step="any" value={serviceLevel} placeholder="20" onChange={(e) => setServiceLevel(e.target.value)} />
        </label>
      </div>
      <label>
        Close statuses (comma-separated)
        <input name="closeStatuses" value={statuses} onChange={(e) => setStatuses(e.target.value)} />
      </label>
      <label>
        Other settings (JSON: templates, reminders, externalUrl, message and file limits)
        <textarea name="other" rows={6} value={other} onChange={(e) => setOther(e.target.value)} />
      </label>
      {problem !== undefined && <p className="refusal">{problem}</p>}
      <button type="submit" className="primary" data-testid="queue-save">
        Save queue
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
