// Councils' published worked examples of the Care Act financial assessment, reproduced to the penny.
// Each case transcribes the page's inputs as the page gives them and asserts the figures the page
// publishes; where a page leaves something out (the care home fee, the exact savings), the test says
// so and asserts only what follows from the page.
import { describe, expect, it } from 'vitest';
import { chargeOf } from './index.js';

const weekly = (type: string, amount_pence: number) => ({ type, amount_pence, period: 'weekly' });
const cost = (label: string, amount_pence: number, period = 'weekly') => ({ label, amount_pence, period });
const lessLine = (result: ReturnType<typeof chargeOf>, label: string): number | undefined => result.lines.find((l) => l.label === label)?.amount_pence;

describe('care at home', () => {
  it('Devon, 2023-24, Example 1 (Peter, 37, ESA and PIP): assessed weekly contribution £110.10', () => {
    // https://www.devon.gov.uk/adult-social-care/factsheet/financial-assessment-for-community-services/examples-of-common-financial-assessments/
    // "based on 2023/24 rates": ESA £225.45, PIP daily living enhanced £101.75, PIP mobility standard £26.90 (total £354.10);
    // top up rent £10.00, Council Tax £6.00, contents insurance £1.27 (£17.27); DRE cleaner £20.00, mobile £2.31 ("£10.00 per
    // month"), broadband £5.77 ("£25.00 per month") (£28.08); less PIP mobility £26.90 and MIG £171.75 → £110.10 towards £454.00.
    const r = chargeOf({
      setting: 'non_residential', financial_year: '2023-24',
      person: { age: 37, pension_credit_age: false, couple: false, disability_premium: true, enhanced_disability_premium: true, carer_premium: false, dependent_children: 0 },
      capital_pence: 0,
      income: [weekly('esa', 22_545), weekly('pip_daily_living_enhanced', 10_175), weekly('pip_mobility_standard', 2_690)],
      housing_costs: [cost('Top up rent', 1_000), cost('Council Tax', 600), cost('Contents insurance', 127)],
      dre: [cost('Cleaner', 2_000), cost('Mobile phone', 1_000, 'monthly'), cost('Broadband connection', 2_500, 'monthly')],
      weekly_cost_pence: 45_400,
    });
    expect(r.weekly_income_pence).toBe(35_410);
    expect(r.disregarded_income_pence).toBe(2_690);
    expect(r.housing_costs_pence).toBe(1_727);
    expect(r.dre_pence).toBe(2_808);
    expect(lessLine(r, 'Less disability-related expenditure: Mobile phone (£10.00 monthly × 12 ÷ 52)')).toBe(231);
    expect(r.mig_pence).toBe(17_175);
    expect(r.weekly_charge_pence).toBe(11_010);
    expect(r.council_pays_pence).toBe(45_400 - 11_010);
    expect(r.tariff_income_pence).toBe(0);
    expect(r.self_funder).toBe(false);
  });

  it('Knowsley, 2024-25, Example 1 (Client A, 22, Universal Credit and PIP, no night care): assessed weekly contribution £67.71', () => {
    // https://knowsley.gov.uk/adult-social-care/paying-adult-social-care/examples-financial-assessments-care-provided-your-home
    // Universal Credit £167.96, PIP daily living enhanced £108.55, PIP mobility enhanced £75.75 (total £352.26); no household
    // costs; DRE laundry and bedding £6.42, clothing and footwear £6.18 (£12.60); disregarded "'No night care element' =
    // £35.90" and PIP mobility £75.75 (£111.65); MIG £160.30 → £67.71 towards £391.95.
    const r = chargeOf({
      setting: 'non_residential', financial_year: '2024-25', council: 'knowsley',
      person: { age: 22, disability_premium: true, enhanced_disability_premium: true },
      capital_pence: 0,
      income: [weekly('universal_credit', 16_796), weekly('pip_daily_living_enhanced', 10_855), weekly('pip_mobility_enhanced', 7_575)],
      dre: [cost('Laundry and bedding allowance', 642), cost('Clothing and footwear allowance', 618)],
      weekly_cost_pence: 39_195,
    });
    expect(r.weekly_income_pence).toBe(35_226);
    expect(r.lines.filter((l) => l.kind === 'less').slice(0, 2).map((l) => l.amount_pence)).toEqual([3_590, 7_575]);
    expect(r.disregarded_income_pence).toBe(11_165);
    expect(r.dre_pence).toBe(1_260);
    expect(r.mig_pence).toBe(16_030);
    expect(r.weekly_charge_pence).toBe(6_771);
    expect(r.council_pays_pence).toBe(39_195 - 6_771);
  });

  it('Leeds, 2024-25, Example 1 (Mary, 85, State Pension and Pension Credit, Telecare): pays nothing', () => {
    // https://leeds.gov.uk/adult-social-care/how-to-get-adult-social-care-and-support/help-to-pay-for-care/help-paying-for-care-and-support/examples-how-much-people-pay-for-care-and-support
    // State Pension £169.50, Pension Credit £48.65 (total £218.15); "We will ignore up to £228.70 per week of Mary's cost of
    // living allowance and £9.30 per week for her Telecare monitoring. The total amount Mary can keep is £238." Care £287.50.
    const r = chargeOf({
      setting: 'non_residential', financial_year: '2024-25',
      person: { age: 85, pension_credit_age: true },
      capital_pence: 0,
      income: [weekly('state_pension', 16_950), weekly('pension_credit_guarantee', 4_865)],
      dre: [cost('Telecare monitoring', 930)],
      weekly_cost_pence: 28_750,
    });
    expect(r.weekly_income_pence).toBe(21_815);
    expect(r.mig_pence).toBe(22_870);
    expect((r.mig_pence ?? 0) + r.dre_pence).toBe(23_800);
    expect(r.weekly_charge_pence).toBe(0);
    expect(r.council_pays_pence).toBe(28_750);
  });

  it('Kingston, 2023-24, Example 1 (Joan, 85, State Pension and higher rate Attendance Allowance): pays nothing', () => {
    // https://kingston.gov.uk/paying-social-care/support-pay-care-home/3 — 10 hours at £18.01 = £180.10 a week; State Pension
    // £203.85, Attendance Allowance higher rate £101.75 (total £305.60); keeps MIG £214.35, household bills £100, disability-related
    // costs £5: "total weekly living costs are £319.35" → pays nothing. (Kingston counts the whole AA: no night-care disregard.)
    const r = chargeOf({
      setting: 'non_residential', financial_year: '2023-24',
      person: { age: 85, pension_credit_age: true },
      capital_pence: 0,
      income: [weekly('state_pension', 20_385), weekly('attendance_allowance_higher', 10_175)],
      housing_costs: [cost('Household bills', 10_000)],
      dre: [cost('Disability-related costs', 500)],
      weekly_cost_pence: 18_010,
    });
    expect(r.weekly_income_pence).toBe(30_560);
    expect((r.mig_pence ?? 0) + r.housing_costs_pence + r.dre_pence).toBe(31_935);
    expect(r.disregarded_income_pence).toBe(0);
    expect(r.weekly_charge_pence).toBe(0);
    expect(r.council_pays_pence).toBe(18_010);
  });

  it('Kingston, 2025-26, Example 1 (Jenny, 42, Universal Credit and PIP, local MIG): pays nothing', () => {
    // https://www.kingston.gov.uk/care-support-for-adults/paying-for-social-care/paying-care-home-or-community/examples
    // Universal Credit £186.84, PIP daily living £110.40, PIP mobility £77.05 (total £374.29); keeps "£342.60 per week Minimum
    // Income Guarantee (MIG) for her circumstances" (Kingston's own figure, given as a policy override), PIP mobility £77.05 and
    // DRE £16.75: "Jenny can keep a total of £436.40 per week" → pays nothing of £206.
    const r = chargeOf({
      setting: 'non_residential', financial_year: '2025-26',
      person: { age: 42, disability_premium: true, enhanced_disability_premium: true },
      capital_pence: 0,
      income: [weekly('universal_credit', 18_684), weekly('pip_daily_living_enhanced', 11_040), weekly('pip_mobility_enhanced', 7_705)],
      dre: [cost('Powered wheelchair maintenance and excessive laundry', 1_675)],
      weekly_cost_pence: 20_600,
      policy: { mig_weekly_pence: 34_260 },
    });
    expect(r.weekly_income_pence).toBe(37_429);
    expect((r.mig_pence ?? 0) + r.disregarded_income_pence + r.dre_pence).toBe(43_640);
    expect(r.weekly_charge_pence).toBe(0);
    expect(r.council_pays_pence).toBe(20_600);
  });
});

describe('permanent care home placement', () => {
  it('Lambeth, 2024-25 (Jane Bloggs, 71, savings £15,250): pays £143.85', () => {
    // https://www.lambeth.gov.uk/adult-social-care-and-health/adults-and-older-people/paying-care/paying-care-care-home/example-how-your-contribution-calculated
    // Savings £15,250 → tariff income £4; pensions £130, benefits £40 → "assessed charge is £174 per week"; personal allowance
    // £30.15 → "Jane would therefore pay £143.85". The page gives no care home fee: £900 is assumed, and only the
    // council's share follows from it. (An older copy of the page used the 2022-23 PEA, £25.65, and £148.35.)
    const r = chargeOf({
      setting: 'residential', financial_year: '2024-25',
      person: { age: 71, pension_credit_age: true },
      capital_pence: 1_525_000,
      income: [weekly('private_pension', 13_000), weekly('other_counted', 4_000)],
      weekly_cost_pence: 90_000,
    });
    expect(r.tariff_income_pence).toBe(400);
    expect(r.weekly_income_pence).toBe(17_400);
    expect(r.pea_pence).toBe(3_015);
    expect(r.weekly_charge_pence).toBe(14_385);
    expect(r.council_pays_pence).toBe(90_000 - 14_385);
  });

  it('Leeds, 2024-25, Example 1 (Michael, savings under £14,250): pays £205.33, the council £488.67', () => {
    // https://leeds.gov.uk/adult-social-care/how-to-get-adult-social-care-and-support/help-to-pay-for-care/help-paying-for-care-homes/examples-how-much-people-pay-for-care-homes
    // Care fees £694; State Pension £209.67, private pension £25.81 (total £235.48); "£235.48 income − £30.15 personal
    // allowance = £205.33"; "there is still £488.67 of his care costs left to pay per week. This is what the council pays."
    // The page says only that his savings are under £14,250; £5,000 is used.
    const r = chargeOf({
      setting: 'residential', financial_year: '2024-25',
      person: { age: 80, pension_credit_age: true },
      capital_pence: 500_000,
      income: [weekly('state_pension', 20_967), weekly('private_pension', 2_581)],
      weekly_cost_pence: 69_400,
    });
    expect(r.weekly_income_pence).toBe(23_548);
    expect(r.weekly_charge_pence).toBe(20_533);
    expect(r.council_pays_pence).toBe(48_867);
  });

  it('Kingston, 2023-24, Example 1 (Arthur, 77, savings of about £17,000): contribution £237.75', () => {
    // https://www.kingston.gov.uk/paying-social-care/paying-care-home/3 — fees £1,025 a week; State Pension £175, private
    // pension £80, "£11 of tariff income from his savings (he has £2,750 above the lower threshold amount of £14,250 …)";
    // total £266; personal expenses allowance £28.25 → "his contribution towards his care home bill is £237.75 each week".
    const r = chargeOf({
      setting: 'residential', financial_year: '2023-24',
      person: { age: 77, pension_credit_age: true },
      capital_pence: 1_700_000,
      income: [weekly('state_pension', 17_500), weekly('private_pension', 8_000)],
      weekly_cost_pence: 102_500,
    });
    expect(r.tariff_income_pence).toBe(1_100);
    expect(r.weekly_income_pence).toBe(26_600);
    expect(r.pea_pence).toBe(2_825);
    expect(r.weekly_charge_pence).toBe(23_775);
    expect(r.council_pays_pence).toBe(102_500 - 23_775);
  });

  it('Knowsley, 2024-25, residential Example 1 (Client C, 90, savings £17,050.91, savings credit): contribution £209.70', () => {
    // https://knowsley.gov.uk/adult-social-care/paying-adult-social-care/examples-financial-assessments-care-provided-residential
    // "£2800.91 divided by £250 equals £11.20. Tariff income is rounded up, therefore; Client C has £12.00 in tariff income";
    // State Retirement Pension £227.55, Savings Pension Credit £7.25 (total £234.80); PEA £30.15; disregarded "Savings
    // Pension Credit: £6.95" (the 2024-25 cap, not all £7.25) → "Assessed weekly contribution = £209.70" towards £685.37.
    const r = chargeOf({
      setting: 'residential', financial_year: '2024-25', council: 'knowsley',
      person: { age: 90, pension_credit_age: true },
      capital_pence: 1_705_091,
      income: [weekly('state_pension', 22_755), weekly('pension_credit_savings', 725)],
      weekly_cost_pence: 68_537,
    });
    expect(r.tariff_income_pence).toBe(1_200);
    expect(r.weekly_income_pence).toBe(1_200 + 23_480);
    expect(lessLine(r, 'Less savings credit disregard')).toBe(695);
    expect(r.pea_pence).toBe(3_015);
    expect(r.weekly_charge_pence).toBe(20_970);
    expect(r.council_pays_pence).toBe(68_537 - 20_970);
  });

  it('Kirklees, 2023-24 (Michael, savings under £14,250): pays £189.75, the council £485.06', () => {
    // https://www.kirklees.gov.uk/beta/social-care/residential-care/examples-of-financial-assessments.aspx — care £674.81 a week;
    // State Pension £198.00, private pension £20.00 (total £218.00); personal expenses £28.25 → "Michael pays: £189.75";
    // "Financial Assistance Michael qualifies for: £485.06". His savings are "less than £14,250": £3,000 is used.
    const r = chargeOf({
      setting: 'residential', financial_year: '2023-24',
      person: { age: 80, pension_credit_age: true },
      capital_pence: 300_000,
      income: [weekly('state_pension', 19_800), weekly('private_pension', 2_000)],
      weekly_cost_pence: 67_481,
    });
    expect(r.weekly_charge_pence).toBe(18_975);
    expect(r.council_pays_pence).toBe(48_506);
  });

  it('Kirklees, 2023-24 (Grace, savings £18,436): pays £226.77, the council £543.90', () => {
    // Same page: care £770.67 a week; State Pension £195.24, private pension £42.78, "Tariff income from savings: £17.00"
    // (£4,186 above £14,250: 16 steps and part of a 17th), total £255.02; personal expenses £28.25 → "Grace pays: £226.77";
    // "Financial Assistance Grace qualifies for: £543.90".
    const r = chargeOf({
      setting: 'residential', financial_year: '2023-24',
      person: { age: 85, pension_credit_age: true },
      capital_pence: 1_843_600,
      income: [weekly('state_pension', 19_524), weekly('private_pension', 4_278)],
      weekly_cost_pence: 77_067,
    });
    expect(r.tariff_income_pence).toBe(1_700);
    expect(r.weekly_income_pence).toBe(25_502);
    expect(r.weekly_charge_pence).toBe(22_677);
    expect(r.council_pays_pence).toBe(54_390);
  });
});
