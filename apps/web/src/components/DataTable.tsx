import { useState, type HTMLAttributes, type ReactNode } from 'react';
import type { PagedList } from '../hooks';
import { useI18n } from '../i18n';
import { nextSort, sortRows, type SortDirection, type SortKey } from '../sort';
import { ErrorNotice, Loading, Pager } from './ui';

export interface Column<T> {
  label: string;
  /** Numbers are right-aligned in tabular figures. */
  numeric?: boolean;
  /** Short values (codes, regions, instants) kept on one line: on a phone the table scrolls sideways instead of stacking a date digit by digit. */
  nowrap?: boolean;
  /** What the cell is worth for sorting (fen, minutes, an instant, a name); a column without it is not sortable. */
  sortBy?(item: T): SortKey;
  cell(item: T): ReactNode;
}

/**
 * A table of items: one header row from the columns, one row per item, "nothing here" when empty.
 * A column with `sortBy` sorts the rows shown when its header is clicked (a paged list: this page's rows).
 * On a phone each row becomes a card of label–value lines (`phone="cards"`, the default), or the
 * table keeps its columns and scrolls inside its box (`phone="scroll"`: rankings read across rows).
 */
export function DataTable<T>({ items, columns, label, rowKey, rowProps, phone = 'cards' }: {
  items: T[];
  columns: (Column<T> | false)[];
  label?: string;
  phone?: 'cards' | 'scroll';
  rowKey(item: T): string;
  rowProps?(item: T): HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
}) {
  const { t } = useI18n();
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const [sort, setSort] = useState<{ column: string; direction: SortDirection } | null>(null);
  const by = sort && shown.find((c) => c.label === sort.column)?.sortBy;
  const rows = sort && by ? sortRows(items, by, sort.direction) : items;
  return (
    <>
      <div className={phone === 'cards' ? 'table-scroll phone-cards' : 'table-scroll'}>
        <table aria-label={label}>
          <thead>
            <tr>
              {shown.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={c.sortBy ? (sort?.column === c.label ? sort.direction : 'none') : undefined}
                >
                  {c.sortBy ? (
                    <button type="button" className="sort" onClick={() => setSort(nextSort(sort, c.label))} title={t('common.sortBy', { column: c.label })}>
                      {c.label}
                      <span aria-hidden="true" className="sort-mark">
                        {sort?.column === c.label ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={rowKey(item)} {...rowProps?.(item)}>
                {shown.map((c) => (
                  <td key={c.label} data-label={c.label} className={[c.numeric && 'num', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || undefined}>
                    {c.cell(item)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 && <p>{t('common.none')}</p>}
    </>
  );
}

/** A page of a list from the API: its error, its loading state, the table and the pager. */
export function PagedTable<T>({ list, ...table }: { list: PagedList<T> } & Omit<Parameters<typeof DataTable<T>>[0], 'items'>) {
  const { loaded, page, pageSize, onPage } = list;
  return (
    <>
      <ErrorNotice error={loaded.error} />
      <Loading when={loaded.loading && !loaded.data} />
      {loaded.data && (
        <>
          <DataTable items={loaded.data.items} {...table} />
          <Pager page={page} pageSize={pageSize} total={loaded.data.total} onPage={onPage} />
        </>
      )}
    </>
  );
}
