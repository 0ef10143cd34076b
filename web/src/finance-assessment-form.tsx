import type { ReactNode } from 'react';
import type { AssessmentForm, ChargingOptions, HomeForm, MoneyRow } from './finance.js';
import { homeDisregards, settings } from './finance.js';
import { Radios } from './finance-form-parts.js';
import { describedBy, FieldErrorMessage, FormField } from './form-field.js';

/** What the form's fields need from the page: the form as typed, a change to it, and each field's error. */
export interface FormProps {
  form: AssessmentForm;
  options: ChargingOptions;
  onChange: (change: (form: AssessmentForm) => AssessmentForm) => void;
  errorOf: (fieldId: string) => string | undefined;
}

type RowList = 'income' | 'housingCosts' | 'dre';

/** Where each list of rows is in the input document, and its words. */
const rowLists: Readonly<Record<RowList, { path: string; one: string; add: string; legend: string; hint: string }>> = {
  income: { path: 'income', one: 'Income', add: 'Add income', legend: 'Income', hint: 'Each benefit, pension or earnings the person has, as paid.' },
  housingCosts: { path: 'housing-costs', one: 'Housing cost', add: 'Add a housing cost', legend: 'Housing costs', hint: 'Rent, mortgage interest, council tax and service charges the person pays themselves.' },
  dre: { path: 'dre', one: 'Disability-related expense', add: 'Add a disability-related expense', legend: 'Disability-related expenditure (DRE)', hint: 'Extra costs because of the person’s disability, itemised. Leave empty to use the council’s flat allowance.' },
};

/** The former home's fields (shown for care in a care home only), by id, with the words a problem about each follows. */
const homeLabels: readonly (readonly [string, string])[] = [
  ['fa-property-value-pence', 'Value of the home'], ['fa-property-prior-charges-pence', 'Loans secured on the home'], ['fa-property-share-percent', 'Share of the home'],
  ['fa-property-weeks-in-care', 'Weeks in the care home'], ['fa-property-disregard', 'Disregard of the home'],
];

/** Each field's label, by its id, so the server's problems can name the field they are about. */
export function fieldLabels(form: AssessmentForm): Map<string, string> {
  const labels = new Map<string, string>([
    ['fa-setting', 'Where care is given'], ['fa-financial-year', 'Financial year'], ['fa-council', 'Council’s charging policy'], ['fa-person-age', 'Age'],
    ['fa-person-pension-credit-age', 'Pension credit age'], ['fa-person-couple', 'Couple'], ['fa-person-disability-premium', 'Disability premium'],
    ['fa-person-enhanced-disability-premium', 'Enhanced disability premium'], ['fa-person-carer-premium', 'Carer premium'],
    ['fa-person-dependent-children', 'Dependent children'], ['fa-night-care-arranged', 'Night care arranged'], ['fa-capital-pence', 'Capital'], ['fa-weekly-cost-pence', 'Weekly cost of care'],
    ['fa-policy-mig-weekly-pence', 'Minimum income guarantee'], ['fa-policy-pea-weekly-pence', 'Personal expenses allowance'],
    ['fa-policy-night-care-disregard', 'Night care disregard'], ['fa-policy-savings-credit-disregard-max-pence', 'Savings credit disregard'],
    ['fa-policy-dre-flat-weekly-pence', 'Flat DRE allowance'],
  ]);
  if (form.setting === 'residential') {
    for (const [id, label] of homeLabels) labels.set(id, label);
  }
  for (const list of ['income', 'housingCosts', 'dre'] as const) {
    const { path, one } = rowLists[list];
    form[list].forEach((_row, index) => {
      const n = `${one} ${String(index + 1)}`;
      labels.set(`fa-${path}-${String(index)}-${list === 'income' ? 'type' : 'label'}`, `${n} ${list === 'income' ? 'type' : 'description'}`);
      labels.set(`fa-${path}-${String(index)}-amount-pence`, `${n} amount`);
      labels.set(`fa-${path}-${String(index)}-period`, `${n} period`);
    });
  }
  return labels;
}

const inputClass = (base: string, error: string | undefined, width = ''): string => `${base}${width}${error !== undefined ? ` ${base}--error` : ''}`;

/** An amount in pounds, with the £ prefix of the NHS input component. */
export function PoundsInput({ id, label, hint, value, error, onChange }: {
  id: string; label: string; hint?: string; value: string; error: string | undefined; onChange: (value: string) => void;
}) {
  return (
    <FormField id={id} label={label} {...(hint !== undefined && { hint })} error={error}>
      <div className="nhsuk-input-wrapper">
        <div className="nhsuk-input-wrapper__prefix" aria-hidden="true">£</div>
        <input
          className={inputClass('nhsuk-input', error, ' nhsuk-input--width-10')} id={id} name={id} type="text" inputMode="decimal" autoComplete="off"
          spellCheck={false} value={value} aria-describedby={describedBy(id, hint !== undefined, error)} onChange={(e) => { onChange(e.target.value); }}
        />
      </div>
    </FormField>
  );
}

/** A whole number (a percentage, a count of weeks), with a suffix saying what of. */
function WholeInput({ id, label, hint, value, error, suffix, onChange }: {
  id: string; label: string; hint: string; value: string; error: string | undefined; suffix: string; onChange: (value: string) => void;
}) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      <div className="nhsuk-input-wrapper">
        <input
          className={inputClass('nhsuk-input', error, ' nhsuk-input--width-3')} id={id} name={id} type="text" inputMode="numeric" autoComplete="off"
          spellCheck={false} value={value} aria-describedby={describedBy(id, true, error)} onChange={(e) => { onChange(e.target.value); }}
        />
        <div className="nhsuk-input-wrapper__suffix" aria-hidden="true">{suffix}</div>
      </div>
    </FormField>
  );
}

/** A select (NHS select component) with its label and error. */
export function Select({ id, label, value, error, onChange, children }: {
  id: string; label: string; value: string; error: string | undefined; onChange: (value: string) => void; children: ReactNode;
}) {
  return (
    <FormField id={id} label={label} error={error}>
      <select className={inputClass('nhsuk-select', error)} id={id} name={id} value={value} aria-describedby={describedBy(id, false, error)} onChange={(e) => { onChange(e.target.value); }}>
        {children}
      </select>
    </FormField>
  );
}

function Checkbox({ id, label, checked, error, onChange }: { id: string; label: string; checked: boolean; error: string | undefined; onChange: (checked: boolean) => void }) {
  return (
    <div className="nhsuk-checkboxes__item">
      <input className="nhsuk-checkboxes__input" id={id} name={id} type="checkbox" checked={checked} aria-describedby={describedBy(id, false, error)} onChange={(e) => { onChange(e.target.checked); }} />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>{label}</label>
      <FieldErrorMessage id={id} error={error} />
    </div>
  );
}

let nextKey = 1000;

/** A new empty row for a list, paid weekly. */
export function emptyRow(what: string): MoneyRow {
  nextKey += 1;
  return { key: nextKey, what, amount: '', period: 'weekly' };
}

/** Income lines, housing costs or DRE: a fieldset a row, with its remove button, and a button to add another. */
function Rows({ list, form, options, onChange, errorOf }: FormProps & { list: RowList }) {
  const { path, one, add, legend, hint } = rowLists[list];
  const rows = form[list];
  const update = (index: number, change: Partial<MoneyRow>) => {
    onChange((f) => ({ ...f, [list]: f[list].map((row, i) => (i === index ? { ...row, ...change } : row)) }));
  };
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-6" aria-describedby={`fa-${path}-hint`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
        <h2 className="nhsuk-fieldset__heading">{legend}</h2>
      </legend>
      <div className="nhsuk-hint" id={`fa-${path}-hint`}>{hint}</div>
      {rows.length === 0 && <p>None entered.</p>}
      {rows.map((row, index) => {
        const id = (field: string) => `fa-${path}-${String(index)}-${field}`;
        const n = `${one} ${String(index + 1)}`;
        const whatId = id(list === 'income' ? 'type' : 'label');
        return (
          <fieldset key={row.key} className="nhsuk-fieldset app-finance-row">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{n}</legend>
            {list === 'income' ? (
              <Select id={whatId} label="Type" value={row.what} error={errorOf(whatId)} onChange={(what) => { update(index, { what }); }}>
                {options.incomeTypes.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
              </Select>
            ) : (
              <FormField id={whatId} label="Description" error={errorOf(whatId)}>
                <input
                  className={inputClass('nhsuk-input', errorOf(whatId), ' nhsuk-u-width-two-thirds')} id={whatId} name={whatId} type="text" value={row.what}
                  aria-describedby={describedBy(whatId, false, errorOf(whatId))} onChange={(e) => { update(index, { what: e.target.value }); }}
                />
              </FormField>
            )}
            <PoundsInput id={id('amount-pence')} label="Amount" value={row.amount} error={errorOf(id('amount-pence'))} onChange={(amount) => { update(index, { amount }); }} />
            <Select id={id('period')} label="How often" value={row.period} error={errorOf(id('period'))} onChange={(period) => { update(index, { period }); }}>
              {options.periods.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
            </Select>
            <button
              type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              onClick={() => { onChange((f) => ({ ...f, [list]: f[list].filter((_r, i) => i !== index) })); }}
            >
              Remove<span className="nhsuk-u-visually-hidden"> {n.toLowerCase()}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button" className="nhsuk-button nhsuk-button--secondary"
        onClick={() => { onChange((f) => ({ ...f, [list]: [...f[list], emptyRow(list === 'income' ? (options.incomeTypes[0]?.type ?? '') : '')] })); }}
      >
        {add}
      </button>
    </fieldset>
  );
}

/** Who the person is, for the minimum income guarantee's allowances and premiums. */
function PersonFields({ form, onChange, errorOf }: FormProps) {
  const set = (change: Partial<AssessmentForm>) => { onChange((f) => ({ ...f, ...change })); };
  const ageError = errorOf('fa-person-age');
  const childrenError = errorOf('fa-person-dependent-children');
  const boxes: readonly [keyof AssessmentForm & ('pensionCreditAge' | 'couple' | 'disabilityPremium' | 'enhancedDisabilityPremium' | 'carerPremium'), string, string][] = [
    ['pensionCreditAge', 'fa-person-pension-credit-age', 'Has reached pension credit age'],
    ['couple', 'fa-person-couple', 'Is one of a couple'],
    ['disabilityPremium', 'fa-person-disability-premium', 'Gets the disability premium'],
    ['enhancedDisabilityPremium', 'fa-person-enhanced-disability-premium', 'Gets the enhanced disability premium'],
    ['carerPremium', 'fa-person-carer-premium', 'Gets the carer premium'],
  ];
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-6">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
        <h2 className="nhsuk-fieldset__heading">The person</h2>
      </legend>
      <FormField id="fa-person-age" label="Age" error={ageError}>
        <input
          className={inputClass('nhsuk-input', ageError, ' nhsuk-input--width-3')} id="fa-person-age" name="age" type="text" inputMode="numeric" value={form.age}
          aria-describedby={describedBy('fa-person-age', false, ageError)} onChange={(e) => { set({ age: e.target.value }); }}
        />
      </FormField>
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {boxes.map(([key, id, label]) => (
            <Checkbox key={id} id={id} label={label} checked={form[key]} error={errorOf(id)} onChange={(checked) => { set({ [key]: checked }); }} />
          ))}
        </div>
      </div>
      <FormField id="fa-person-dependent-children" label="Dependent children" error={childrenError}>
        <input
          className={inputClass('nhsuk-input', childrenError, ' nhsuk-input--width-2')} id="fa-person-dependent-children" name="dependent_children" type="text"
          inputMode="numeric" value={form.dependentChildren} aria-describedby={describedBy('fa-person-dependent-children', false, childrenError)}
          onChange={(e) => { set({ dependentChildren: e.target.value }); }}
        />
      </FormField>
    </fieldset>
  );
}

/**
 * The former home of a permanent care home resident (SI 2014/2672 reg 23 and Schedule 2 paras 2 and
 * 4; Care and Support Statutory Guidance, Annex B and chapter 9): optional, left out of the
 * calculation while it is empty.
 */
function HomeFields({ form, onChange, errorOf }: FormProps) {
  const set = (change: Partial<HomeForm>) => { onChange((f) => ({ ...f, home: { ...f.home, ...change } })); };
  const { home } = form;
  const disregardError = errorOf('fa-property-disregard');
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-6" aria-describedby="fa-property-hint">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
        <h2 className="nhsuk-fieldset__heading">The person’s former home</h2>
      </legend>
      <div className="nhsuk-hint" id="fa-property-hint">
        A home the person owned, or part-owned, and lived in before moving into the care home permanently. Leave its value empty if there is none.
      </div>
      <PoundsInput
        id="fa-property-value-pence" label="Value of the home" hint="What it would sell for on the open market now, before any loans secured on it are paid off."
        value={home.value} error={errorOf('fa-property-value-pence')} onChange={(value) => { set({ value }); }}
      />
      <PoundsInput
        id="fa-property-prior-charges-pence" label="Mortgages and loans secured on the home" hint="The whole amount still owed. Leave empty if there are none."
        value={home.priorCharges} error={errorOf('fa-property-prior-charges-pence')} onChange={(priorCharges) => { set({ priorCharges }); }}
      />
      <WholeInput
        id="fa-property-share-percent" label="The person’s share of the home" suffix="%"
        hint="100 if they own it alone, 50 if they own it jointly with one other person." value={home.share} error={errorOf('fa-property-share-percent')}
        onChange={(share) => { set({ share }); }}
      />
      <WholeInput
        id="fa-property-weeks-in-care" label="Weeks since the placement became permanent" suffix="weeks"
        hint="Whole weeks: 0 in the first week. The home is not counted for the first 12 weeks." value={home.weeksInCare} error={errorOf('fa-property-weeks-in-care')}
        onChange={(weeksInCare) => { set({ weeksInCare }); }}
      />
      <Radios id="fa-property-disregard" legend="Does a disregard of the home apply?" options={homeDisregards} value={home.disregard} error={disregardError} onChange={(disregard) => { set({ disregard }); }} />
    </fieldset>
  );
}

/** The council's policy where it differs from the statutory figures for the year: leave empty to use the year's rates. */
function PolicyFields({ form, onChange, errorOf }: FormProps) {
  const set = (change: Partial<AssessmentForm>) => { onChange((f) => ({ ...f, ...change })); };
  const ids = ['fa-policy-mig-weekly-pence', 'fa-policy-pea-weekly-pence', 'fa-policy-night-care-disregard', 'fa-policy-savings-credit-disregard-max-pence', 'fa-policy-dre-flat-weekly-pence'];
  const open = ids.some((id) => errorOf(id) !== undefined);
  const nightError = errorOf('fa-policy-night-care-disregard');
  return (
    <details className="nhsuk-details" {...(open && { open: true })}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Council policy overrides</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>Leave these empty to use the statutory figures and this council’s usual policy for the financial year.</p>
        <PoundsInput id={ids[0] ?? ''} label="Minimum income guarantee (weekly)" value={form.migWeekly} error={errorOf(ids[0] ?? '')} onChange={(migWeekly) => { set({ migWeekly }); }} />
        <PoundsInput id={ids[1] ?? ''} label="Personal expenses allowance (weekly)" value={form.peaWeekly} error={errorOf(ids[1] ?? '')} onChange={(peaWeekly) => { set({ peaWeekly }); }} />
        <Select
          id="fa-policy-night-care-disregard" label="Disregard night-care benefit (the higher rate for night care)" value={form.nightCareDisregard} error={nightError}
          onChange={(value) => { set({ nightCareDisregard: value === 'yes' ? 'yes' : value === 'no' ? 'no' : '' }); }}
        >
          <option value="">The council’s usual policy</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </Select>
        <PoundsInput
          id={ids[3] ?? ''} label="Savings credit disregard, most (weekly)" value={form.savingsCreditDisregardMax} error={errorOf(ids[3] ?? '')}
          onChange={(savingsCreditDisregardMax) => { set({ savingsCreditDisregardMax }); }}
        />
        <PoundsInput id={ids[4] ?? ''} label="Flat DRE allowance (weekly)" value={form.dreFlatWeekly} error={errorOf(ids[4] ?? '')} onChange={(dreFlatWeekly) => { set({ dreFlatWeekly }); }} />
      </div>
    </details>
  );
}

/** The charging input as a form: setting, year, the person, capital (and a care home resident's former home), income, housing costs, DRE, the cost of care, and policy overrides. */
export function AssessmentFields(props: FormProps) {
  const { form, options, onChange, errorOf } = props;
  const set = (change: Partial<AssessmentForm>) => { onChange((f) => ({ ...f, ...change })); };
  const settingError = errorOf('fa-setting');
  return (
    <>
      <Radios id="fa-setting" legend="Where care is given" options={settings} value={form.setting} error={settingError} onChange={(setting) => { set({ setting }); }} />
      <Select id="fa-financial-year" label="Financial year" value={form.financialYear} error={errorOf('fa-financial-year')} onChange={(financialYear) => { set({ financialYear }); }}>
        {options.years.map((y) => <option key={y.financialYear} value={y.financialYear}>{y.financialYear}</option>)}
      </Select>
      {options.councils.length > 0 && (
        <Select id="fa-council" label="Council’s charging policy" value={form.council} error={errorOf('fa-council')} onChange={(council) => { set({ council }); }}>
          <option value="">The statutory defaults</option>
          {options.councils.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </Select>
      )}
      <PersonFields {...props} />
      <h2>Capital</h2>
      <PoundsInput
        id="fa-capital-pence" label="Capital"
        hint={form.setting === 'residential'
          ? 'Savings, investments and property that count as capital, other than the person’s former home (Care and Support Statutory Guidance, Annex B).'
          : 'Savings, investments and property that count as capital (Care and Support Statutory Guidance, Annex B).'}
        value={form.capital} error={errorOf('fa-capital-pence')} onChange={(capital) => { set({ capital }); }}
      />
      {form.setting === 'residential' && <HomeFields {...props} />}
      <Rows {...props} list="income" />
      <Rows {...props} list="housingCosts" />
      <Rows {...props} list="dre" />
      <h2>The cost of care</h2>
      <PoundsInput
        id="fa-weekly-cost-pence" label="Weekly cost of care" hint="What the council would pay for the person’s care and support each week."
        value={form.weeklyCost} error={errorOf('fa-weekly-cost-pence')} onChange={(weeklyCost) => { set({ weeklyCost }); }}
      />
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          <Checkbox
            id="fa-night-care-arranged" label="Night care is arranged for the person" checked={form.nightCareArranged} error={errorOf('fa-night-care-arranged')}
            onChange={(nightCareArranged) => { set({ nightCareArranged }); }}
          />
        </div>
      </div>
      <PolicyFields form={form} options={options} onChange={onChange} errorOf={errorOf} />
    </>
  );
}
