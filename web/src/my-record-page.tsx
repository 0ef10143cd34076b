import { useEffect } from 'react';
import { SignInNeeded } from './load-error.js';
import { isCareRole } from './roles.js';
import { personPath } from './routes.js';
import { useSession } from './session-context.js';
import { usePageTitle } from './use-page-title.js';

/** "My record": a person signed in to their own account is taken to their own record. */
export function MyRecordPage() {
  usePageTitle('My record');
  const session = useSession();
  const own = session?.signedIn.role === 'person' ? session.personId : null;
  useEffect(() => {
    if (own !== null) window.location.replace(personPath(own));
  }, [own]);
  if (session === null) {
    return (
      <>
        <SignInNeeded what="your record" />
        <h1>My record</h1>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>My record</h1>
        {own !== null ? (
          <p>
            Opening <a href={personPath(own)}>your record</a>…
          </p>
        ) : session.signedIn.role === 'person' ? (
          <p>Your account is not linked to a record in the shared care record yet. Ask the service that gave you your account to link it.</p>
        ) : (
          <p>
            This page is for people looking at their own record. You are signed in as {session.signedIn.name} ({session.signedIn.roleName})
            {isCareRole(session.signedIn.role) ? (
              <>
                : to see someone’s record, <a href="/people">find a person</a>.
              </>
            ) : '.'}
          </p>
        )}
      </div>
    </div>
  );
}
