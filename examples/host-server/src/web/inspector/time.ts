/** A server timestamp as the local wall-clock time `HH:MM:SS` (the offset corrects a skewed browser clock). */
export function formatClock(at: number, serverOffset: number): string {
  return new Date(at - serverOffset).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}
