// The browser suite of the finance screens: the bay's three people, and this financial year's demo
// pooled fund over them (packages, actuals, personal budgets with their assessments, a direct payment).
import { financialYearOn, seedDemoFund } from '../../src/finance/index.js';
import { browserSuite, type BrowserSuite } from './browser.js';
import { type Bay, seedBay } from './bay.js';

export function financeBrowserSuite(today: string): { suite: BrowserSuite; bay: () => Bay } {
  let seeded: Bay | undefined;
  const suite = browserSuite(async (server) => {
    const bay = await seedBay(server.joinedUp);
    await seedDemoFund(server.joinedUp.db, { personIds: [bay.ids.ann, bay.ids.bill, bay.ids.cara], financialYear: financialYearOn(today), by: 'test' });
    seeded = bay;
  }, 120_000);
  return {
    suite,
    bay: () => {
      if (!seeded) throw new Error('The place was not seeded');
      return seeded;
    },
  };
}
