import { formatRowCount } from './format.js';
import type { CapabilityData } from './installation.js';

function CapabilityTable({ capability }: { capability: CapabilityData }) {
  const totalEstimated = capability.tables.some((table) => table.estimated);
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">
        {capability.name}
        <span className="nhsuk-caption-m nhsuk-u-font-size-16">
          Schema <code>{capability.schema}</code>
        </span>
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">Table</th>
          <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Rows</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {capability.tables.length === 0 ? (
          <tr className="nhsuk-table__row">
            <td className="nhsuk-table__cell" colSpan={2}>
              No tables yet.
            </td>
          </tr>
        ) : (
          capability.tables.map((table) => (
            <tr className="nhsuk-table__row" key={table.name}>
              <td className="nhsuk-table__cell">{table.name}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                {formatRowCount(table.rows, table.estimated)}
              </td>
            </tr>
          ))
        )}
      </tbody>
      <tfoot>
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="row">Total</th>
          <td className="nhsuk-table__cell nhsuk-table__cell--numeric nhsuk-u-font-weight-bold">
            {formatRowCount(capability.rows, totalEstimated)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** How many rows each capability's schema holds, table by table. */
export function DataHeldTable({ capabilities }: { capabilities: CapabilityData[] }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h2 id="data-held">Data held</h2>
        <p>
          Rows in each capability’s tables. Counts for large tables are estimates from database statistics and are shown
          as “about”.
        </p>
        {capabilities.length === 0 ? (
          <p>No capability holds any data yet.</p>
        ) : (
          capabilities.map((capability) => <CapabilityTable capability={capability} key={capability.name} />)
        )}
      </div>
    </div>
  );
}
