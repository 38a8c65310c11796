interface Named {
  id: string
  name: string
}

/** A labelled filter select over named rows ("All …" for no filter). */
export function RowFilter({
  label,
  all,
  rows,
  value,
  onChange,
  disabled,
}: {
  label: string
  all: string
  rows: readonly Named[]
  value: string
  onChange: (id: string) => void
  disabled?: boolean
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        <option value="">{all}</option>
        {rows.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  )
}

/** From / To dates. */
export function DateRange({
  from,
  to,
  onFrom,
  onTo,
}: {
  from: string
  to: string
  onFrom: (v: string) => void
  onTo: (v: string) => void
}) {
  return (
    <>
      <label>
        From
        <input type="date" value={from} onChange={(e) => onFrom(e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={to} onChange={(e) => onTo(e.target.value)} />
      </label>
    </>
  )
}
