import { useState, type FormEvent } from 'react';
import { adminApi, describe } from './adminApi';

/**
 * Erases a contact (issue 18): the engine's journaled `contact.erase` removes their name, email, message texts and
 * file names everywhere chatroute keeps them, and the host deletes their uploaded files. Asks once more first: it
 * cannot be undone.
 */
export function EraseContact({ token }: { token: string }) {
  const [result, setResult] = useState<string>();
  const erase = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const contactId = String(new FormData(event.currentTarget).get('contactId') ?? '').trim();
    if (contactId === '' || !window.confirm(`Erase every personal detail of ${contactId}? This cannot be undone.`)) return;
    const answer = await adminApi.eraseContact(token, contactId);
    setResult(answer.ok ? `${contactId}: erased` : describe(answer.error));
  };
  return (
    <section className="panel" data-testid="erase-contact">
      <h2>Erase a contact</h2>
      <form className="inline-form" onSubmit={(e) => void erase(e)}>
        <input name="contactId" required placeholder="contact id, e.g. site:shop:crm-eve" aria-label="Contact id" />
        <button type="submit" className="danger">
          Erase
        </button>
      </form>
      {result !== undefined && (
        <p className="muted" role="status" data-testid="erase-result">
          {result}
        </p>
      )}
    </section>
  );
}
