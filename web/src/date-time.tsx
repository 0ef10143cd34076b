import { formatDateTime } from './format.js';

/** An instant shown in UK time, keeping the machine-readable value in a `<time>` element. */
export function DateTime({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}
