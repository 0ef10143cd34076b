import { type SyntheticEvent, useState } from 'react';
import { postActual, postDirectPayment, type PostedJournal } from './finance-api.js';
import { PoundsInput, Select } from './finance-assessment-form.js';
import { Radios, TextInput, useSubmission } from './finance-form-parts.js';
import { formatPence } from './finance.js';
import { type FieldsByPath, postingBodyOf, type PostingForm } from './finance-forms.js';
import type { FundScheme } from './finance-fund.js';

const today = (): string => new Date().toISOString().slice(0, 10);

const postingFields = (prefix: string, reference: string): Record<string, { id: string; message: string }> => ({
  '/kind': { id: `${prefix}-kind`, message: 'Choose what is being recorded' },
  '/amountPence': { id: `${prefix}-amount`, message: 'Enter the amount in pounds and pence, more than £0.00' },
  '/date': { id: `${prefix}-date`, message: 'Enter the date, like 31 October 2025' },
  '/reference': { id: `${prefix}-reference`, message: reference },
});

/** The amount, date and reference of a posting (their ids start with `prefix`). */
function PostingFields({ prefix, form, change, errorOf, dateHint, referenceHint }: {
  prefix: string; form: PostingForm; change: (update: Partial<PostingForm>) => void; errorOf: (id: string) => string | undefined; dateHint: string; referenceHint: string;
}) {
  return (
    <>
      <PoundsInput id={`${prefix}-amount`} label="Amount" value={form.amount} error={errorOf(`${prefix}-amount`)} onChange={(amount) => { change({ amount }); }} />
      <TextInput id={`${prefix}-date`} label="Date" hint={dateHint} type="date" width=" nhsuk-input--width-10" value={form.date} error={errorOf(`${prefix}-date`)} onChange={(date) => { change({ date }); }} />
      <TextInput id={`${prefix}-reference`} label="Reference" hint={referenceHint} value={form.reference} error={errorOf(`${prefix}-reference`)} onChange={(reference) => { change({ reference }); }} />
    </>
  );
}

const directPaymentFields: FieldsByPath = postingFields('dp', 'Enter the reference of the payment, like DP-0001');

/**
 * Recording money into the person's direct-payment account, or surplus they return to the council
 * (Care and Support (Direct Payments) Regulations 2014). Each submission carries one idempotency key,
 * so a double click or a retry after no answer posts it once.
 */
export function DirectPaymentForm({ personId, onPosted, onSignedOut, onErrors }: {
  personId: string; onPosted: (what: string) => void; onSignedOut: () => void; onErrors?: (has: boolean) => void;
}) {
  const [form, setForm] = useState<PostingForm>({ kind: 'payment', amount: '', date: today(), reference: '' });
  const submission = useSubmission(directPaymentFields, 'direct payment', onSignedOut, onErrors);
  const change = (update: Partial<PostingForm>): void => {
    setForm((f) => ({ ...f, ...update }));
    submission.clear();
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const { body, problems } = postingBodyOf(form);
    const amount = typeof body.amountPence === 'number' ? formatPence(body.amountPence) : '';
    const what = `${form.kind === 'payment' ? 'a payment' : 'returned surplus'} of ${amount}, ${form.reference.trim()}`;
    submission.submit(problems, (idempotencyKey) => postDirectPayment(personId, { ...body, idempotencyKey }), () => { onPosted(what); }, body);
  };
  return (
    <section aria-labelledby="direct-payment-form-heading">
      <h3 id="direct-payment-form-heading">Record a payment or returned surplus</h3>
      {submission.summary}
      <form noValidate onSubmit={submit} aria-labelledby="direct-payment-form-heading">
        <Radios
          id="dp-kind" legend="What is being recorded" value={form.kind} error={submission.errorOf('dp-kind')} onChange={(kind) => { change({ kind }); }}
          options={[{ value: 'payment', label: 'A payment into the account' }, { value: 'surplus_returned', label: 'Surplus returned to the council' }]}
        />
        <PostingFields
          prefix="dp" form={form} change={change} errorOf={submission.errorOf}
          dateHint="The day the money was paid or returned." referenceHint="The payment’s reference, as on the council’s payment run or the person’s statement."
        />
        <button className="nhsuk-button" type="submit" disabled={submission.busy}>Record it</button>
      </form>
    </section>
  );
}

const actualFields: FieldsByPath = { ...postingFields('actual', 'Enter the invoice or payment reference, like INV-0042'), '/schemeId': { id: 'actual-scheme', message: 'Choose the scheme' } };

/**
 * Posting spend on a scheme of the pooled fund to the ledger: an invoice received or a payment made.
 * Each submission carries one idempotency key, so a double click or a retry posts it once.
 */
export function PostActualForm({ fundId, schemes, onPosted, onSignedOut, onErrors }: {
  fundId: string; schemes: readonly FundScheme[]; onPosted: (what: string, journal: PostedJournal) => void; onSignedOut: () => void; onErrors?: (has: boolean) => void;
}) {
  const [form, setForm] = useState<PostingForm>({ kind: 'invoice', amount: '', date: today(), reference: '' });
  const [schemeId, setSchemeId] = useState('');
  const submission = useSubmission(actualFields, 'actual', onSignedOut, onErrors);
  const change = (update: Partial<PostingForm>): void => {
    setForm((f) => ({ ...f, ...update }));
    submission.clear();
  };
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const { body, problems } = postingBodyOf(form, { schemeId });
    const scheme = schemes.find((s) => s.id === schemeId)?.name ?? schemeId;
    const amount = typeof body.amountPence === 'number' ? formatPence(body.amountPence) : '';
    const what = `${form.kind === 'invoice' ? 'an invoice' : 'a payment'} of ${amount} on ${scheme}, ${form.reference.trim()}`;
    submission.submit(problems, (idempotencyKey) => postActual(fundId, { ...body, idempotencyKey }), (journal) => { onPosted(what, journal); }, body);
  };
  return (
    <section aria-labelledby="post-actual-heading">
      <h2 id="post-actual-heading">Post an actual</h2>
      <p>An invoice received or a payment made for a scheme: it counts in the scheme’s actual spend from its date.</p>
      {submission.summary}
      <form noValidate onSubmit={submit} aria-labelledby="post-actual-heading">
        <Select id="actual-scheme" label="Scheme" value={schemeId} error={submission.errorOf('actual-scheme')} onChange={(id) => { setSchemeId(id); submission.clear(); }}>
          <option value="">Choose a scheme</option>
          {schemes.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
        <Radios
          id="actual-kind" legend="What is being posted" value={form.kind} error={submission.errorOf('actual-kind')} onChange={(kind) => { change({ kind }); }}
          options={[{ value: 'invoice', label: 'An invoice received' }, { value: 'payment', label: 'A payment made' }]}
        />
        <PostingFields
          prefix="actual" form={form} change={change} errorOf={submission.errorOf}
          dateHint="The invoice’s date, or the day it was paid." referenceHint="The invoice number or payment reference."
        />
        <button className="nhsuk-button" type="submit" disabled={submission.busy}>Post the actual</button>
      </form>
    </section>
  );
}
