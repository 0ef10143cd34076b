import type { ReactNode } from 'react';

/** A column of a table: its heading, how to show a row's value in it, and whether it holds numbers. */
export interface TableColumn<Row> {
  heading: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/** The head row of an NHS responsive table: one header a column, numeric ones right-aligned. */
export function ResponsiveHead({ columns }: { columns: readonly { heading: string; numeric?: boolean }[] }) {
  return (
    <thead className="nhsuk-table__head" role="rowgroup">
      <tr className="nhsuk-table__row" role="row">
        {columns.map((column) => (
          <th
            key={column.heading}
            className={`nhsuk-table__header${column.numeric === true ? ' nhsuk-table__header--numeric' : ''}`}
            scope="col"
            role="columnheader"
          >
            {column.heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A cell of an NHS responsive table, its heading repeated beside the value for narrow screens (hidden from screen readers, which have the header). */
export function ResponsiveCell({ heading, numeric = false, children }: { heading: string; numeric?: boolean; children: ReactNode }) {
  return (
    <td className={`nhsuk-table__cell${numeric ? ' nhsuk-table__cell--numeric' : ''}`} role="cell">
      <span className="nhsuk-table__heading" aria-hidden="true">
        {heading}{' '}
      </span>
      <span>{children}</span>
    </td>
  );
}

/**
 * An NHS responsive table: on narrow screens each row becomes a card and the column heading is
 * repeated beside each value (hidden from screen readers, which announce the header instead).
 */
export function ResponsiveTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
}) {
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className={`nhsuk-table__caption${captionHidden ? ' nhsuk-u-visually-hidden' : ' nhsuk-table__caption--m'}`}>
        {caption}
      </caption>
      <ResponsiveHead columns={columns} />
      <tbody className="nhsuk-table__body">
        {rows.map((row, index) => (
          <tr className="nhsuk-table__row" role="row" key={rowKey(row, index)}>
            {columns.map((column) => (
              <ResponsiveCell key={column.heading} heading={column.heading} numeric={column.numeric === true}>
                {column.cell(row)}
              </ResponsiveCell>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
