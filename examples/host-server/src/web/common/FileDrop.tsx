import { useRef, useState } from 'react';
import type { UploadReceipt } from '../../shared/protocol';
import { formatBytes } from './format';

/**
 * Uploads a file to the server for one chat; the message then names the receipt's `uploadId`. The bearer token is
 * the session's (agent) or the chat's (customer); the server checks it may touch this chat.
 */
export async function uploadFile(token: string, chatId: string, file: File): Promise<UploadReceipt | string> {
  const query = new URLSearchParams({ chatId, name: file.name });
  try {
    const response = await fetch(`/api/uploads?${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    const body = (await response.json()) as UploadReceipt | { error: string };
    return 'error' in body ? `${file.name}: ${body.error}` : body;
  } catch {
    return `${file.name}: upload failed`;
  }
}

interface Props {
  readonly token: string;
  readonly chatId: string;
  readonly maxBytes: number;
  readonly types: readonly string[];
  readonly files: readonly UploadReceipt[];
  readonly onChange: (files: readonly UploadReceipt[]) => void;
  /** Every refused file of a selection or drop, in one message (one line each). */
  readonly onError: (message: string) => void;
}

/**
 * "Select files", or drop files onto the grey area around the button. Files upload at once and wait as chips
 * until the message is sent. Size and type are checked here for a quick answer, and again by the server.
 */
export function FileDrop({ token, chatId, maxBytes, types, files, onChange, onError }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(0);

  async function add(list: FileList | null) {
    const picked = [...(list ?? [])];
    const added: UploadReceipt[] = [];
    const refused: string[] = [];
    setBusy((n) => n + picked.length);
    for (const file of picked) {
      const receipt = file.size > maxBytes ? `${file.name}: larger than ${formatBytes(maxBytes)}` : await uploadFile(token, chatId, file);
      if (typeof receipt === 'string') refused.push(receipt);
      else added.push(receipt);
    }
    setBusy((n) => n - picked.length);
    if (refused.length > 0) onError(refused.length === 1 ? (refused[0] as string) : `${refused.length} files were not added:\n${refused.join('\n')}`);
    if (added.length > 0) onChange([...files, ...added]);
  }

  return (
    <div
      className={`file-drop${over ? ' file-drop-over' : ''}`}
      data-testid="file-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void add(e.dataTransfer.files);
      }}
    >
      <button type="button" onClick={() => input.current?.click()}>
        Select files
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={types.join(',')}
        data-testid="file-input"
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      {busy > 0 && <span className="muted">uploading…</span>}
      {files.map((f) => (
        <span key={f.uploadId} className="chip" data-testid="pending-file">
          📎 {f.name}
          <button type="button" aria-label={`Remove ${f.name}`} onClick={() => onChange(files.filter((x) => x !== f))}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
