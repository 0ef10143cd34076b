import { SignInNeeded } from './load-error.js';
import { personPath } from './routes.js';

/**
 * The parts every page about one person's record shares (sharing choices, carers, care team): the
 * heading with whose record it is, the sign-in message in its place, and the way back to the record.
 */
export function RecordHeading({ self, title }: { self: boolean; title: string }) {
  return (
    <>
      <span className="nhsuk-caption-l">{self ? 'Your record' : 'Shared care record'}</span>
      <h1>{title}</h1>
    </>
  );
}

/** What the page shows when no one is signed in: the sign-in message, then its heading. */
export function RecordSignInNeeded({ what, self, title }: { what: string; self: boolean; title: string }) {
  return (
    <>
      <SignInNeeded what={what} />
      <RecordHeading self={self} title={title} />
    </>
  );
}

export function BackToRecord({ id, self }: { id: string; self: boolean }) {
  return (
    <p>
      <a href={personPath(id)}>Back to {self ? 'your' : 'the'} record</a>
    </p>
  );
}
