import './finance.css';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';
import { ErrorSummary } from './error-summary.js';
import { financeWord, formatPence } from './finance.js';
import {
  calendarDateOf, type FundPackage, type FundPartner, type FundPosition, type FundScheme, type FundStream, varianceText,
} from './finance-fund.js';
import { fetchFundPackages, fetchFundPosition, fetchFunds } from './finance-api.js';
import { actualRoles } from './finance-forms.js';
import { useFormErrors } from './finance-form-parts.js';
import { PostActualForm } from './finance-posting-forms.js';
import { fundPath } from './finance-routes.js';
import { formatDate } from './format.js';
import { describedBy, FormField } from './form-field.js';
import { LoadError, SignInNeeded } from './load-error.js';
import { ResponsiveTable, type TableColumn } from './responsive-table.js';
import { fundPackageRoles, hasRole } from './roles.js';
import { personPath } from './routes.js';
import { useSession } from './session-context.js';
import { SummaryRow } from './summary-row.js';
import { Tag } from './tag.js';
import { useLoad } from './use-load.js';
import { usePageTitle } from './use-page-title.js';

/** A variance, marked when it is an overspend (forecast over budget). */
function Variance({ pence }: { pence: number }) {
  if (pence <= 0) return <span className="app-finance-money">{varianceText(pence)}</span>;
  return (
    <span className="app-stack">
      <span className="app-finance-over app-finance-money">{varianceText(pence)}</span>
      <span><Tag colour="red">Overspend</Tag></span>
    </span>
  );
}

/** Money, never broken across lines. */
const Money = ({ pence }: { pence: number }) => <span className="app-finance-money">{formatPence(pence)}</span>;

const money = <Row,>(heading: string, value: (row: Row) => number): TableColumn<Row> => ({ heading, numeric: true, cell: (row) => <Money pence={value(row)} /> });

/** The pooled funds the reader may see, each linked to its position. */
export function FundsPage() {
  usePageTitle('Pooled funds');
  const { state, retry } = useLoad((signal) => fetchFunds(signal), 'funds');
  return (
    <>
      <h1>Pooled funds</h1>
      <p className="nhsuk-u-reading-width">
        The funds the NHS and the council pool under a section 75 agreement, such as the Better Care Fund: what each partner puts in, what each
        scheme has committed and spent, the forecast, and how an overspend is shared.
      </p>
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {state.status === 'failed' && <LoadError what="pooled funds" error={state.error} onRetry={retry} />}
      {state.status === 'loaded' && (state.value.length === 0 ? <p>There are no pooled funds yet.</p> : (
        <ResponsiveTable
          caption="Pooled funds" rows={state.value} rowKey={(f) => f.id}
          columns={[
            { heading: 'Fund', cell: (f) => <a href={fundPath(f.id)}>{f.name}</a> },
            { heading: 'Financial year', cell: (f) => f.financialYear },
            { heading: 'From', cell: (f) => formatDate(f.startDate) },
            { heading: 'To', cell: (f) => formatDate(f.endDate) },
          ]}
        />
      ))}
    </>
  );
}

/** The day the position is shown as at: a date field in an ordinary form, so the address keeps it. */
function AsAtForm({ fundId, asOf, error }: { fundId: string; asOf: string; error: string | undefined }) {
  return (
    <form method="get" action={fundPath(fundId)} className="nhsuk-u-margin-bottom-6">
      <FormField id="fund-as-of" label="Position as at" hint="Actual spend is what was invoiced or paid up to this day; committed is what packages will cost from it to the fund’s end." error={error}>
        <input
          className={`nhsuk-input nhsuk-input--width-10${error !== undefined ? ' nhsuk-input--error' : ''}`} id="fund-as-of" name="asOf" type="date" defaultValue={asOf}
          aria-describedby={describedBy('fund-as-of', true, error)}
        />
      </FormField>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">Show the position</button>
    </form>
  );
}

/** How an overspend is shared between the partners, with the working. */
function RiskShareBox({ position }: { position: FundPosition }) {
  const { riskShare } = position;
  return (
    <section className="nhsuk-card" aria-labelledby="risk-share-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading" id="risk-share-heading">Risk share</h2>
        <p>{riskShare.description}</p>
        <dl className="nhsuk-summary-list">
          {riskShare.overspendPence >= 0 ? (
            <SummaryRow label="Forecast overspend">{riskShare.overspendPence > 0 ? <span className="app-finance-over">{formatPence(riskShare.overspendPence)}</span> : 'None'}</SummaryRow>
          ) : (
            <SummaryRow label="Forecast underspend">{formatPence(-riskShare.overspendPence)}</SummaryRow>
          )}
          {/* A share below zero is an underspend returned to the partner. */}
          {riskShare.shares.map((s) => <SummaryRow key={s.partnerId} label={s.amountPence < 0 ? `${s.name} gets back` : `${s.name} pays`}>{formatPence(Math.abs(s.amountPence))}</SummaryRow>)}
        </dl>
        {riskShare.lines.length > 0 && (
          <ResponsiveTable
            caption="How the risk share is worked out" rows={riskShare.lines} rowKey={(l, i) => `${String(i)}:${l.label}`}
            columns={[{ heading: 'Line', cell: (l) => l.label }, money<FundPosition['riskShare']['lines'][number]>('Amount', (l) => l.amountPence)]}
          />
        )}
      </div>
    </section>
  );
}

/** The care packages charged to the fund that the reader may see, 50 at a time. */
function FundPackages({ fundId, schemeName }: { fundId: string; schemeName: (id: string) => string }) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <section aria-labelledby="fund-packages-heading">
      <h2 id="fund-packages-heading">Care packages charged to the fund</h2>
      <p>Only the people whose record you may see are listed.</p>
      {pages.map((after) => (
        <PackagesPage key={after ?? ''} fundId={fundId} after={after} schemeName={schemeName} onMore={(next) => { setPages((p) => [...p, next]); }} last={after === pages[pages.length - 1]} />
      ))}
    </section>
  );
}

function PackagesPage({ fundId, after, schemeName, onMore, last }: {
  fundId: string; after: string | null; schemeName: (id: string) => string; onMore: (next: string) => void; last: boolean;
}) {
  const { state, retry } = useLoad((signal) => fetchFundPackages(fundId, after, signal), `${fundId}#${after ?? ''}`);
  if (state.status === 'loading') return <div role="status" aria-live="polite"><p>Loading…</p></div>;
  if (state.status === 'failed') return <LoadError what="fund’s care packages" error={state.error} onRetry={retry} />;
  const { packages, next } = state.value;
  if (after === null && packages.length === 0) return <p>No packages whose person you may see are charged to this fund.</p>;
  const columns: TableColumn<FundPackage>[] = [
    { heading: 'Person', cell: (p) => <a href={personPath(p.personId)}>{p.name ?? 'Name not known'}</a> },
    { heading: 'Scheme', cell: (p) => schemeName(p.schemeId) },
    money('Weekly cost', (p) => p.weeklyCostPence),
    { heading: 'From', cell: (p) => formatDate(p.start) },
    { heading: 'To', cell: (p) => (p.end === null ? 'Ongoing' : formatDate(p.end)) },
    { heading: 'Funder', cell: (p) => financeWord(p.funder) },
  ];
  return (
    <>
      <ResponsiveTable caption={after === null ? 'Care packages' : 'More care packages'} captionHidden columns={columns} rows={packages} rowKey={(p) => p.id} />
      {last && next !== null && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => { onMore(next); }}>Show more packages</button>
      )}
    </>
  );
}

/** A fund's position as at a day: totals, schemes, partners, streams and risk share (and, for those who may see them, its packages). */
function Position({ position, onPosted, onSignedOut, onErrors }: {
  position: FundPosition; onPosted: (what: string) => void; onSignedOut: () => void; onErrors: (has: boolean) => void;
}) {
  const session = useSession();
  const { fund, totals } = position;
  const streamName = (id: string | null): string => (id === null ? 'Several' : position.streams.find((s) => s.id === id)?.name ?? id);
  const schemeName = (id: string): string => position.schemes.find((s) => s.id === id)?.name ?? id;
  const partnerName = (id: string | null): string => (id === null ? 'Not recorded' : position.partners.find((p) => p.id === id)?.name ?? id);
  return (
    <>
      <dl className="nhsuk-summary-list">
        <SummaryRow label="Financial year">{fund.financialYear}</SummaryRow>
        <SummaryRow label="Runs">{`${formatDate(fund.startDate)} to ${formatDate(fund.endDate)}`}</SummaryRow>
        <SummaryRow label="Host">{partnerName(fund.hostPartnerId)}</SummaryRow>
        <SummaryRow label="As at">{formatDate(position.asOf)}</SummaryRow>
        <SummaryRow label="Budget">{formatPence(totals.budgetPence)}</SummaryRow>
        <SummaryRow label="Committed">{formatPence(totals.committedPence)}</SummaryRow>
        <SummaryRow label="Actual">{formatPence(totals.actualPence)}</SummaryRow>
        <SummaryRow label="Forecast">{formatPence(totals.forecastPence)}</SummaryRow>
        <SummaryRow label="Variance"><Variance pence={totals.variancePence} /></SummaryRow>
      </dl>
      <ResponsiveTable
        caption="By scheme" rows={position.schemes} rowKey={(s) => s.id}
        columns={[
          { heading: 'Scheme', cell: (s) => s.name }, { heading: 'Funding stream', cell: (s) => streamName(s.streamId) },
          money<FundScheme>('Budget', (s) => s.budgetPence), money<FundScheme>('Committed', (s) => s.committedPence), money<FundScheme>('Actual', (s) => s.actualPence),
          money<FundScheme>('Forecast', (s) => s.forecastPence), { heading: 'Variance', numeric: true, cell: (s) => <Variance pence={s.variancePence} /> },
          { heading: 'Packages', numeric: true, cell: (s) => String(s.packages) },
        ]}
      />
      <ResponsiveTable
        caption="By partner" rows={position.partners} rowKey={(p) => p.id}
        columns={[
          { heading: 'Partner', cell: (p) => p.name }, { heading: 'Kind', cell: (p) => (p.kind === 'icb' ? 'Integrated care board' : 'Council') },
          money<FundPartner>('Contribution', (p) => p.contributionPence), money<FundPartner>('Actual', (p) => p.actualPence), money<FundPartner>('Forecast', (p) => p.forecastPence),
          { heading: 'Variance', numeric: true, cell: (p) => <Variance pence={p.variancePence} /> },
        ]}
      />
      <ResponsiveTable
        caption="Funding streams" rows={position.streams} rowKey={(s) => s.id}
        columns={[{ heading: 'Stream', cell: (s) => s.name }, { heading: 'Partner', cell: (s) => partnerName(s.partnerId) }, money<FundStream>('Amount', (s) => s.amountPence)]}
      />
      <RiskShareBox position={position} />
      {hasRole(actualRoles, session?.signedIn.role) && (
        <PostActualForm fundId={fund.id} schemes={position.schemes} onSignedOut={onSignedOut} onErrors={onErrors} onPosted={(what, journal) => { onPosted(`Posted: ${what} (journal ${String(journal.sequence)}).`); }} />
      )}
      {hasRole(fundPackageRoles, session?.signedIn.role) && <FundPackages fundId={fund.id} schemeName={schemeName} />}
    </>
  );
}

/** What was posted, said and focused above the position, which is loaded again. */
function PostedNotice({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [text]);
  return <div className="nhsuk-inset-text" tabIndex={-1} ref={ref} role="status"><p>{text}</p></div>;
}

/** A pooled fund's position as at the day the address names (today by default). */
export function FundPage({ id }: { id: string }) {
  const asked = new URLSearchParams(window.location.search).get('asOf');
  const asOf = calendarDateOf(asked);
  const dateError = asked !== null && asked !== '' && asOf === undefined ? 'Enter a real date, like 31 October 2025' : undefined;
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const formErrors = useFormErrors();
  const { state, retry } = useLoad((signal) => fetchFundPosition(id, asOf, signal), `${id}#${asOf ?? ''}#${String(version)}`);
  const notFound = state.status === 'failed' && state.error instanceof ApiError && state.error.status === 404;
  const position = state.status === 'loaded' ? state.value : undefined;
  const name = position?.fund.name ?? 'Pooled fund';
  usePageTitle(notFound ? 'No such pooled fund' : formErrors.any || dateError !== undefined ? `Error: ${name}` : name);
  if (signedOut) return <SignInNeeded what="pooled fund" />;
  if (notFound) {
    return (
      <>
        <h1>No such pooled fund</h1>
        <p>There is no pooled fund with this address. <a href="/finance/funds">See the pooled funds</a>.</p>
      </>
    );
  }
  return (
    <>
      {dateError !== undefined && <ErrorSummary errors={[{ fieldId: 'fund-as-of', message: dateError }]} />}
      <span className="nhsuk-caption-l">Pooled fund</span>
      <h1>{position?.fund.name ?? 'Pooled fund'}</h1>
      <AsAtForm key={position?.asOf ?? ''} fundId={id} asOf={position?.asOf ?? asOf ?? ''} error={dateError} />
      {notice !== null && <PostedNotice text={notice} />}
      <div role="status" aria-live="polite">{state.status === 'loading' && <p>Loading…</p>}</div>
      {state.status === 'failed' && <LoadError what="fund’s position" error={state.error} onRetry={retry} />}
      {position !== undefined && (
        <Position
          position={position} onSignedOut={() => { setSignedOut(true); }} onErrors={formErrors.report('actual')}
          onPosted={(text) => { setNotice(text); setVersion((v) => v + 1); }}
        />
      )}
      <p><a href="/finance/funds">All pooled funds</a></p>
    </>
  );
}
