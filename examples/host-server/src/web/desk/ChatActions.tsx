import { useState } from 'react';
import type { Desk, DeskChat } from 'chatroute';
import type { AgentCommand } from '../../shared/protocol';
import type { Connection } from '../common/Connection';
import { safeHref } from '../common/format';
import { TargetDialog } from './TargetDialog';

interface Props {
  readonly chat: DeskChat;
  readonly desk: Desk;
  readonly connection: Connection;
  readonly onError: (message: string | undefined) => void;
}

/** Status, important, assistance, invite, transfer, the external URL and close: the controls under the conversation. */
export function ChatActions({ chat, desk, connection, onError }: Props) {
  const [dialog, setDialog] = useState<'invite' | 'transfer'>();
  const external = safeHref(chat.externalUrl);
  const run = async (command: AgentCommand): Promise<boolean> => {
    const result = await connection.command(command);
    onError(result.ok ? undefined : result.error.message);
    return result.ok;
  };
  const { chatId } = chat;

  return (
    <div className="chat-actions">
      <select data-testid="chat-status" value={chat.status ?? ''} onChange={(e) => void run({ type: 'chat.setStatus', chatId, status: e.target.value })}>
        <option value="" disabled>
          Status…
        </option>
        {chat.closeStatuses.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <button type="button" aria-pressed={chat.important} data-testid="mark-important" onClick={() => void run({ type: 'chat.markImportant', chatId, important: !chat.important })}>
        {chat.important ? '★ Important' : '☆ Mark important'}
      </button>
      {chat.assistance === undefined ? (
        <button type="button" data-testid="ask-assistance" onClick={() => void run({ type: 'chat.requestAssistance', chatId })}>
          Ask for assistance
        </button>
      ) : (
        <button type="button" data-testid="assistance-requested" onClick={() => void run({ type: 'assistance.resolve', requestId: chat.assistance!.id })}>
          Assistance requested · withdraw
        </button>
      )}
      <button type="button" data-testid="invite" onClick={() => setDialog('invite')}>
        Invite
      </button>
      <button type="button" data-testid="transfer" onClick={() => setDialog('transfer')}>
        Transfer
      </button>
      {external !== undefined && (
        <a className="button" href={external} target="_blank" rel="noopener noreferrer" data-testid="external-url">
          External URL
        </a>
      )}
      <button
        type="button"
        className="danger"
        data-testid="close-chat"
        onClick={() => {
          // The manual asks for a status before closing, even where the engine would let a non-last agent leave.
          if (chat.status === undefined) return onError('Select a status before closing the chat.');
          void run({ type: 'chat.close', chatId });
        }}
      >
        Close
      </button>
      {dialog !== undefined && (
        <TargetDialog
          mode={dialog}
          directory={desk.directory}
          connection={connection}
          exclude={chat.participants.map((p) => p.agentId)}
          onCancel={() => setDialog(undefined)}
          onSubmit={async (target) => {
            const ok = await run({ type: dialog === 'invite' ? 'chat.invite' : 'chat.transfer', chatId, target });
            if (ok) setDialog(undefined);
          }}
        />
      )}
    </div>
  );
}
