'use client';

type SortKey = 'cpu' | 'memory' | 'name';

interface Props {
  column: SortKey;
  label: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  onSort: (column: SortKey) => void;
  className?: string;
}

/** A column header that sorts the table; screen readers hear the current order through aria-sort. */
export function SortHeader({ column, label, sort, order, onSort, className }: Props) {
  const active = sort === column;
  const icon = active ? (order === 'asc' ? 'bi-sort-up' : 'bi-sort-down') : 'bi-arrow-down-up opacity-25';
  return (
    <th scope="col" className={className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="btn btn-link p-0 text-reset text-decoration-none fw-semibold" onClick={() => onSort(column)} data-testid={`sort-${column}`}>
        {label} <i className={`bi ${icon}`} aria-hidden="true" />
      </button>
    </th>
  );
}
