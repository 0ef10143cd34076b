import type { ReactElement } from 'react';
import { FinancialAssessmentPage } from './finance-assessment-page.js';
import { FundPage, FundsPage } from './finance-fund-page.js';
import { MoneyPage } from './finance-money-page.js';
import { financeRouteFor } from './finance-routes.js';

/** The finance screen for a path, or null when the path is not one of them. */
export function financePageFor(pathname: string): ReactElement | null {
  const route = financeRouteFor(pathname);
  if (route === null) return null;
  switch (route.page) {
    case 'finance-assessment':
      return <FinancialAssessmentPage />;
    case 'person-financial-assessment':
      return <FinancialAssessmentPage personId={route.id} />;
    case 'funds':
      return <FundsPage />;
    case 'fund':
      return <FundPage id={route.id} />;
    case 'person-money':
      return <MoneyPage id={route.id} />;
  }
}
