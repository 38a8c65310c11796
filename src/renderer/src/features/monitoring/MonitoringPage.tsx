import { formatAgo, formatBytes } from '../../ui/format'
import { useMonitoring } from './monitoring'

const number = new Intl.NumberFormat()

export function MonitoringPage() {
  const { data, fetchedAt, status, problem, refresh } = useMonitoring()
  return (
    <section aria-labelledby="monitoring-title" className="monitoring">
      <h1 id="monitoring-title">Instance monitoring</h1>
      <p className="muted">
        Figures for the whole database, every organization included. Row counts are PostgreSQL’s
        statistics (exact after the table is analysed), not a count of every row.
      </p>
      <p>
        <button type="button" onClick={refresh} disabled={status === 'loading'}>
          Refresh
        </button>{' '}
        {status === 'loading' ? <span role="status">Reading the server…</span> : null}
        {fetchedAt ? <span className="muted">As of {formatAgo(fetchedAt)}</span> : null}
      </p>
      {problem ? <p role="alert">{problem}</p> : null}
      {data ? (
        <>
          <table>
            <caption>Size per schema</caption>
            <thead>
              <tr>
                <th scope="col">Schema</th>
                <th scope="col" className="num">
                  Tables
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Data
                </th>
                <th scope="col" className="num">
                  Indexes
                </th>
              </tr>
            </thead>
            <tbody>
              {data.schemas.map((s) => (
                <tr key={s.schema_name}>
                  <th scope="row">{s.schema_name}</th>
                  <td className="num">{number.format(s.tables)}</td>
                  <td className="num">{formatBytes(s.total_bytes)}</td>
                  <td className="num">{formatBytes(s.table_bytes)}</td>
                  <td className="num">{formatBytes(s.index_bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Connections per role and database</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Database</th>
                <th scope="col" className="num">
                  Connections
                </th>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Idle in a transaction
                </th>
              </tr>
            </thead>
            <tbody>
              {data.connections.map((c) => (
                <tr key={`${c.role_name}/${c.database_name}/${c.backend_type}`}>
                  <th scope="row">{c.role_name}</th>
                  <td>{c.database_name || '—'}</td>
                  <td className="num">{number.format(c.connections)}</td>
                  <td className="num">{number.format(c.active)}</td>
                  <td className="num">{number.format(c.idle_in_transaction)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Rows per table</caption>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col" className="num">
                  Rows (estimate)
                </th>
                <th scope="col" className="num">
                  Dead rows
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Last analysed</th>
              </tr>
            </thead>
            <tbody>
              {data.tables.map((t) => (
                <tr key={`${t.schema_name}.${t.table_name}`}>
                  <th scope="row">
                    {t.schema_name}.{t.table_name}
                  </th>
                  <td className="num">
                    {t.estimated_rows === null
                      ? 'not counted yet'
                      : number.format(t.estimated_rows)}
                  </td>
                  <td className="num">{number.format(t.dead_rows)}</td>
                  <td className="num">{formatBytes(t.total_bytes)}</td>
                  <td>{t.last_analyzed ? formatAgo(t.last_analyzed) : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}
