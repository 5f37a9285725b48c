import type { HTMLAttributes, ReactNode } from 'react';
import type { PagedList } from '../hooks';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, Pager } from './ui';

export interface Column<T> {
  label: string;
  /** Numbers are right-aligned in tabular figures. */
  numeric?: boolean;
  /** Short values (codes, regions, instants) kept on one line: on a phone the table scrolls sideways instead of stacking a date digit by digit. */
  nowrap?: boolean;
  cell(item: T): ReactNode;
}

/** A table of items: one header row from the columns, one row per item, "nothing here" when empty. */
export function DataTable<T>({ items, columns, label, rowKey, rowProps }: {
  items: T[];
  columns: (Column<T> | false)[];
  label?: string;
  rowKey(item: T): string;
  rowProps?(item: T): HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
}) {
  const { t } = useI18n();
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <>
      <div className="table-scroll">
        <table aria-label={label}>
          <thead>
            <tr>
              {shown.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={rowKey(item)} {...rowProps?.(item)}>
                {shown.map((c) => (
                  <td key={c.label} className={[c.numeric && 'num', c.nowrap && 'nowrap'].filter(Boolean).join(' ') || undefined}>
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
