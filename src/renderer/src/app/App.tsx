import { Center, Loader } from '@mantine/core'
import { useEffect } from 'react'
import type { ReactNode } from 'react'
import { ConflictsPage } from '../features/conflicts/ConflictsPage'
import { EnergyEntry } from '../features/energy/EnergyEntry'
import { EnergyTable } from '../features/energy/EnergyTable'
import { ReadingsGridPage } from '../features/energy/grid/ReadingsGridPage'
import { ReadingPage } from '../features/energy/ReadingPage'
import { EquipmentList } from '../features/equipment/EquipmentList'
import { EquipmentPage } from '../features/equipment/EquipmentPage'
import { MaintenanceRoute } from '../features/maintenance/MaintenanceForm'
import { MaintenanceList } from '../features/maintenance/MaintenanceList'
import { MonitoringPage } from '../features/monitoring/MonitoringPage'
import { ReconciliationPage } from '../features/reconciliation/ReconciliationPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { SignIn } from '../features/auth/SignIn'
import type { SignedInUser } from '../features/auth/session'
import { isBackOffice, useSession } from '../features/auth/session'
import { SitePage } from '../features/sites/SitePage'
import { SitesList } from '../features/sites/SitesList'
import { SyncCenter } from '../features/sync/SyncCenter'
import { UpdateBanner } from '../features/updates/UpdateBanner'
import { getBridge } from '../platform/bridge'
import { ErrorBoundary } from '../ui/ErrorBoundary'
import { useServices } from './context'
import type { Route } from './router'
import { href, useRoute } from './router'
import { Shell } from './Shell'
import { HomePage } from '../features/home/HomePage'
import { PeoplePage } from '../features/admin/PeoplePage'
import { FieldsPage } from '../features/custom-fields/FieldsPage'
import { ScheduleRoute } from '../features/schedules/ScheduleForm'
import { SchedulesPage } from '../features/schedules/SchedulesPage'
import { TemplatesPage } from '../features/work/TemplatesPage'
import { WorkOrderForm } from '../features/work/WorkOrderForm'
import { WorkOrderPage } from '../features/work/WorkOrderPage'
import { WorkOrdersPage } from '../features/work/WorkOrdersPage'
import type { SupportedStorageLike } from './services'

function page(route: Route, user: SignedInUser): { area: string; element: ReactNode } {
  const [section = 'home', id, sub] = route.path
  const office = isBackOffice(user)
  switch (section) {
    case 'home':
      return { area: 'Today', element: <HomePage userId={user.id} office={office} /> }
    case 'sites':
      return id
        ? { area: 'Site', element: <SitePage siteId={id} userId={user.id} office={office} /> }
        : { area: 'Sites', element: <SitesList /> }
    case 'equipment':
      return id
        ? { area: 'Equipment', element: <EquipmentPage id={id} userId={user.id} /> }
        : {
            area: 'Equipment',
            element: (
              <EquipmentList userId={user.id} siteFilter={route.query.get('site') ?? undefined} />
            ),
          }
    case 'maintenance':
      return id
        ? {
            area: 'Maintenance log',
            element: <MaintenanceRoute id={id} userId={user.id} query={route.query} />,
          }
        : { area: 'Maintenance', element: <MaintenanceList userId={user.id} /> }
    case 'work':
      if (id === 'new')
        return {
          area: 'New work order',
          element: (
            <WorkOrderForm
              userId={user.id}
              siteId={route.query.get('site')}
              equipmentId={route.query.get('equipment')}
            />
          ),
        }
      return id
        ? { area: 'Work order', element: <WorkOrderPage id={id} userId={user.id} /> }
        : {
            area: 'Work orders',
            element: (
              <WorkOrdersPage userId={user.id} siteFilter={route.query.get('site') ?? undefined} />
            ),
          }
    case 'schedules':
      if (id)
        return {
          area: id === 'new' ? 'New schedule' : 'Schedule',
          element: (
            <ScheduleRoute
              id={id === 'new' ? null : id}
              siteId={route.query.get('site')}
              userId={user.id}
              canEdit={office}
            />
          ),
        }
      return {
        area: 'Maintenance schedules',
        element: (
          <SchedulesPage canEdit={office} siteFilter={route.query.get('site') ?? undefined} />
        ),
      }
    case 'energy':
      if (id === 'entry' && sub)
        return { area: 'Daily readings', element: <EnergyEntry siteId={sub} userId={user.id} /> }
      if (id === 'grid' && sub)
        return {
          area: 'Readings grid',
          element: <ReadingsGridPage siteId={sub} userId={user.id} />,
        }
      if (id === 'reading' && sub)
        return { area: 'Reading', element: <ReadingPage id={sub} userId={user.id} /> }
      return { area: 'Energy', element: <EnergyTable userId={user.id} /> }
    case 'conflicts':
      return { area: 'Conflicts', element: <ConflictsPage canResolve={office} /> }
    case 'reconciliation':
      return { area: 'Reconciliation', element: <ReconciliationPage /> }
    case 'people':
      return { area: 'People and sites', element: <PeoplePage userId={user.id} /> }
    case 'fields':
      return {
        area: 'Custom fields',
        element: (
          <FieldsPage
            organizations={Object.entries(user.roles)
              .filter(([, r]) => r === 'admin' || r === 'office')
              .map(([org]) => org)}
          />
        ),
      }
    case 'templates':
      return {
        area: 'Checklist templates',
        element: (
          <TemplatesPage
            organizations={Object.entries(user.roles)
              .filter(([, r]) => r === 'admin' || r === 'office')
              .map(([org]) => org)}
          />
        ),
      }
    case 'monitoring':
      return { area: 'Monitoring', element: <MonitoringPage /> }
    case 'sync':
      return { area: 'Sync center', element: <SyncCenter userId={user.id} /> }
    case 'settings':
      return { area: 'Settings', element: <SettingsPage signedIn /> }
    default:
      return {
        area: 'Page',
        element: (
          <p role="alert">
            There is no such page. <a href={href('sites')}>Go to sites</a>
          </p>
        ),
      }
  }
}

export function App({ authStorage }: { authStorage: SupportedStorageLike }) {
  const { engine } = useServices()
  const session = useSession(authStorage)
  const route = useRoute()

  useEffect(() => {
    const online = () => engine.setOnline(true)
    const offline = () => engine.setOnline(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    // The store took navigator.onLine at boot; an online/offline event between then and this
    // effect (the bundle still parsing) had no listener, so read it again now.
    engine.setOnline(navigator.onLine)
    engine.start()
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      engine.stop()
    }
  }, [engine])

  const userId = session.status === 'signed-in' ? session.user.id : null
  useEffect(() => {
    // Signing in (or opening the app signed in) syncs at once, not at the next timer tick.
    if (userId) void engine.sync()
  }, [engine, userId])

  if (session.status === 'loading')
    return (
      <Center h="100vh">
        <Loader aria-label="Opening Outpost" />
      </Center>
    )
  if (session.status === 'signed-out') {
    return route.path[0] === 'settings' ? (
      <ErrorBoundary area="Settings">
        <SettingsPage signedIn={false} />
      </ErrorBoundary>
    ) : (
      <SignIn />
    )
  }
  const user = session.user
  const current = page(route, user)
  const bridge = getBridge()
  return (
    <Shell
      user={user}
      section={route.path[0] ?? 'home'}
      banner={bridge ? <UpdateBanner bridge={bridge} /> : null}
    >
      <ErrorBoundary key={route.path.join('/')} area={current.area}>
        {current.element}
      </ErrorBoundary>
    </Shell>
  )
}
