import { useState } from 'react';
import type { DeskOffer } from 'chatroute';
import { failure, type Connection } from '../common/Connection';
import { formatDuration, safeHref } from '../common/format';
import { useNameChats } from './people';

const title = (offer: DeskOffer): string =>
  offer.kind === 'invite' ? `Invitation from ${offer.from?.name ?? 'a colleague'}` : offer.kind === 'transfer' ? `Transfer from ${offer.from?.name ?? 'a colleague'}` : 'Incoming web chat';

function Offer({ offer, now, connection }: { offer: DeskOffer; now: number; connection: Connection }) {
  const [error, setError] = useState<string>();
  const forPeople = useNameChats();
  const crm = safeHref(offer.customer.crmUrl);
  const admin = safeHref(offer.externalUrl);
  const answer = async (type: 'offer.accept' | 'offer.reject') => setError(failure(await connection.command({ type, chatId: offer.chatId })));
  return (
    <section className="offer" data-testid="offer" aria-label={title(offer)}>
      <div className="offer-title" data-testid="offer-kind">
        {title(offer)}
      </div>
      <div className="offer-customer">
        {crm !== undefined ? (
          <a href={crm} target="_blank" rel="noopener noreferrer" data-testid="offer-customer">
            {offer.customer.name}
          </a>
        ) : (
          <span data-testid="offer-customer">{offer.customer.name}</span>
        )}
        {offer.customer.email !== undefined && <span className="offer-detail">{offer.customer.email}</span>}
      </div>
      <dl>
        <dt>Queue</dt>
        <dd data-testid="offer-queue">{offer.queue.name}</dd>
        <dt>Time in queue</dt>
        <dd data-testid="offer-time-in-queue">{formatDuration(now - offer.enqueuedAt)}</dd>
        <dt>Notified</dt>
        <dd data-testid="offer-time-since">{formatDuration(now - offer.offeredAt)} ago</dd>
      </dl>
      <div className="offer-buttons">
        <button type="button" className="accept" data-testid="offer-accept" onClick={() => void answer('offer.accept')}>
          Accept
        </button>
        <button type="button" className="reject" data-testid="offer-reject" onClick={() => void answer('offer.reject')}>
          Reject
        </button>
        {admin !== undefined && (
          <a className="white-button" href={admin} target="_blank" rel="noopener noreferrer" data-testid="offer-admin-url">
            Open URL
          </a>
        )}
      </div>
      <div className="offer-deadline">Answer within {formatDuration(offer.expiresAt - now)}</div>
      {error !== undefined && <p className="error">{forPeople(error)}</p>}
    </section>
  );
}

/** The black notification box at the top right: one card per pending offer (an agent gets one at a time). */
export function OfferBox({ offers, now, connection }: { offers: readonly DeskOffer[]; now: number; connection: Connection }) {
  if (offers.length === 0) return null;
  return (
    <div className="offers">
      {offers.map((offer) => (
        <Offer key={offer.offerId} offer={offer} now={now} connection={connection} />
      ))}
    </div>
  );
}
