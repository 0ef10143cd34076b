import { decisionText, formatRisk, type PersonRisk as Risk } from './case-finding.js';
import { fetchPersonRisk } from './case-finding-api.js';
import { RiskFactors } from './case-finding-table.js';
import { DateTime } from './date-time.js';
import { formatDate } from './format.js';
import { isCaseFindingRole } from './roles.js';
import { caseFindingPath } from './routes.js';
import { useSession } from './session-context.js';
import { SummaryRow } from './summary-row.js';
import { useLoad } from './use-load.js';

function RiskCard({ risk }: { risk: Risk }) {
  const { decision } = risk;
  return (
    <section className="nhsuk-card" aria-labelledby="risk-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading" id="risk-heading">Risk of emergency admission</h2>
        <p className="nhsuk-card__description">
          The chance of an emergency admission to hospital in the 12 months from {formatDate(risk.run.indexDate)}, as the risk model scored it from the
          shared care record, and why.
        </p>
        <dl className="nhsuk-summary-list">
          <SummaryRow label="Risk">{formatRisk(risk.probability)}</SummaryRow>
          <SummaryRow label="Rank in their practice">
            {risk.practice === null ? `Number ${String(risk.rank)}` : `Number ${String(risk.rank)} at practice ${risk.practice}, highest risk first`}
          </SummaryRow>
          <SummaryRow label="Scored">
            Risk as on {formatDate(risk.run.indexDate)} (scored <DateTime iso={risk.run.finishedAt} />, model version {risk.run.modelVersion})
          </SummaryRow>
          <SummaryRow label="Why"><RiskFactors factors={risk.factors} /></SummaryRow>
          <SummaryRow label="Decision">
            {decision === null ? 'No decision yet' : (
              <>
                {decisionText(decision)}
                {decision.note !== null && <>: “{decision.note}”</>}
                <br />
                <span className="nhsuk-body-s nhsuk-u-secondary-text-colour">
                  By {decision.decidedBy}, <DateTime iso={decision.decidedAt} />
                </span>
              </>
            )}
          </SummaryRow>
        </dl>
        {risk.practice !== null && (
          <p className="nhsuk-u-margin-bottom-0">
            <a href={caseFindingPath(risk.practice, risk.status)}>See the practice’s case-finding list</a>
          </p>
        )}
      </div>
    </section>
  );
}

/**
 * The person's risk of an emergency admission in the latest scoring run, for the staff who use
 * case-finding: the chance, their place in their practice, why, and the team's decision. Nothing
 * when they were not scored, or for anyone else (the server refuses them).
 */
export function PersonRisk({ personId }: { personId: string }) {
  const allowed = isCaseFindingRole(useSession()?.signedIn.role);
  const { state } = useLoad((signal) => (allowed ? fetchPersonRisk(personId, signal) : Promise.resolve(null)), `${personId}#${String(allowed)}`);
  if (state.status !== 'loaded' || state.value === null) return null;
  return <RiskCard risk={state.value} />;
}
