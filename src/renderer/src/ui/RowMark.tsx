import type { LocalState } from '../store/db'

/** The per-record sync mark every list shows. */
export function RowMark({
  state,
  conflict,
  lost,
}: {
  state: LocalState
  conflict?: boolean
  /** A conflict replaced one of the signed-in user's values on this record. */
  lost?: boolean
}) {
  return (
    <span className="marks">
      {state === 'unsynced' ? (
        <span className="mark mark-pending" title="Saved on this device, not yet synced">
          Pending
        </span>
      ) : null}
      {state === 'failed' ? (
        <span className="mark mark-failed" title="The server refused this edit: see Sync center">
          Failed
        </span>
      ) : null}
      {conflict ? (
        <span className="mark mark-conflict" title="Edited in two places: the office reviews it">
          Conflict
        </span>
      ) : null}
      {lost ? (
        <span className="mark mark-lost" title="Another edit replaced your value: open the record">
          Your value replaced
        </span>
      ) : null}
    </span>
  )
}
