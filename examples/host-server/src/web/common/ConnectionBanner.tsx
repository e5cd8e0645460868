import { useEffect, useState } from 'react';
import type { LinkStatus } from './Connection';

/**
 * Says what the connection is doing: "Reconnecting…" while it is down, then "Connected again" for a few seconds.
 * Nothing while all is well.
 */
export function ConnectionBanner({ status, offline, back }: { status: LinkStatus; offline: string; back: string }) {
  const [wasDown, setWasDown] = useState(false);
  useEffect(() => {
    if (status === 'reconnecting') setWasDown(true);
    if (status !== 'online' || !wasDown) return;
    const timer = setTimeout(() => setWasDown(false), 4_000);
    return () => clearTimeout(timer);
  }, [status, wasDown]);
  if (status === 'reconnecting') {
    return (
      <p className="connection-banner connection-down" role="status" data-testid="connection-banner" data-state="reconnecting">
        {offline}
      </p>
    );
  }
  if (status === 'online' && wasDown) {
    return (
      <p className="connection-banner connection-back" role="status" data-testid="connection-banner" data-state="online">
        {back}
      </p>
    );
  }
  return null;
}
