import { Alert, Button, Group, Paper, SimpleGrid, Table, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { formatAgo, formatBytes } from '../../ui/format'
import { PageHeader } from '../../ui/PageHeader'
import { useMonitoring } from './monitoring'

const number = new Intl.NumberFormat()

function KeyFigure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700}>
        {value}
      </Text>
    </Paper>
  )
}

export function MonitoringPage() {
  const { data, fetchedAt, status, problem, refresh } = useMonitoring()
  return (
    <section aria-labelledby="monitoring-title">
      <PageHeader
        title="Instance monitoring"
        id="monitoring-title"
        description="Figures for the whole database, every organization included. Row counts are PostgreSQL’s statistics (exact after the table is analysed), not a count of every row."
        actions={
          <Button
            variant="default"
            onClick={refresh}
            loading={status === 'loading'}
            leftSection={<IconRefresh size={16} aria-hidden />}
          >
            Refresh
          </Button>
        }
      />
      <Group gap="sm" mb="sm">
        {status === 'loading' ? <Text role="status">Reading the server…</Text> : null}
        {fetchedAt ? (
          <Text c="dimmed" size="sm">
            As of {formatAgo(fetchedAt)}
          </Text>
        ) : null}
      </Group>
      {problem ? (
        <Alert role="alert" color="red" mb="md">
          {problem}
        </Alert>
      ) : null}
      {data ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
          <KeyFigure
            label="Database size"
            value={formatBytes(data.schemas.reduce((n, x) => n + x.total_bytes, 0))}
          />
          <KeyFigure
            label="Connections"
            value={number.format(data.connections.reduce((n, c) => n + c.connections, 0))}
          />
          <KeyFigure
            label="Idle in a transaction"
            value={number.format(data.connections.reduce((n, c) => n + c.idle_in_transaction, 0))}
          />
        </SimpleGrid>
      ) : null}
      {data ? (
        <>
          <Table
            captionSide="top"
            withTableBorder
            mb="lg"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Caption>Size per schema</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Schema</Table.Th>
                <Table.Th scope="col" ta="right">
                  Tables
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Total
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Data
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Indexes
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.schemas.map((s) => (
                <Table.Tr key={s.schema_name}>
                  <Table.Th scope="row">{s.schema_name}</Table.Th>
                  <Table.Td ta="right">{number.format(s.tables)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(s.total_bytes)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(s.table_bytes)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(s.index_bytes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table
            captionSide="top"
            withTableBorder
            mb="lg"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Caption>Connections per role and database</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Database</Table.Th>
                <Table.Th scope="col" ta="right">
                  Connections
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Active
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Idle in a transaction
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.connections.map((c) => (
                <Table.Tr key={`${c.role_name}/${c.database_name}/${c.backend_type}`}>
                  <Table.Th scope="row">{c.role_name}</Table.Th>
                  <Table.Td>{c.database_name || '—'}</Table.Td>
                  <Table.Td ta="right">{number.format(c.connections)}</Table.Td>
                  <Table.Td ta="right">{number.format(c.active)}</Table.Td>
                  <Table.Td ta="right">{number.format(c.idle_in_transaction)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table
            captionSide="top"
            withTableBorder
            mb="lg"
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Caption>Rows per table</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Table</Table.Th>
                <Table.Th scope="col" ta="right">
                  Rows (estimate)
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Dead rows
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Size
                </Table.Th>
                <Table.Th scope="col">Last analysed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.tables.map((t) => (
                <Table.Tr key={`${t.schema_name}.${t.table_name}`}>
                  <Table.Th scope="row">
                    {t.schema_name}.{t.table_name}
                  </Table.Th>
                  <Table.Td ta="right">
                    {t.estimated_rows === null
                      ? 'not counted yet'
                      : number.format(t.estimated_rows)}
                  </Table.Td>
                  <Table.Td ta="right">{number.format(t.dead_rows)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(t.total_bytes)}</Table.Td>
                  <Table.Td>{t.last_analyzed ? formatAgo(t.last_analyzed) : 'never'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
    </section>
  )
}
