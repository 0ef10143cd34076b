import { describeReason } from './access.js';
import { fetchAccessReasons } from './access-api.js';
import { DateTime } from './date-time.js';
import { useLoad } from './use-load.js';

/**
 * "Why you can see this record": the relationships that let the reader see the person (their GP
 * practice, care by their organisation, the care team, emergency access), as the server gives them.
 */
export function AccessReasons({ personId }: { personId: string }) {
  const { state } = useLoad((signal) => fetchAccessReasons(personId, signal), personId);
  if (state.status !== 'loaded') return null;
  const reasons = state.value.map(describeReason);
  return (
    <section className="nhsuk-inset-text" aria-labelledby="access-reasons-heading">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s" id="access-reasons-heading">Why you can see this record</h2>
      <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
        {reasons.map(({ text, emergency }, index) => (
          <li key={`${text}-${String(index)}`}>
            {emergency === undefined ? text : (
              <>
                <strong>{text}</strong> until <DateTime iso={emergency.until} />, because: “{emergency.why}”. It is logged and reviewed by the
                information governance lead.
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
