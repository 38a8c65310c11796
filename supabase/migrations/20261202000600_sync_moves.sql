-- Rows that leave a device's scope. When a row moves to another site (the office re-files a
-- log, relocates a unit, a merged insert takes the device's site), a device that cannot see
-- the new site never received the row again, and kept it at the old site forever: a cursor
-- over "rows visible to me" cannot show that a row left. Every change of a row's site is
-- recorded here, and a pull delivers a move to a caller who could see the old site only while
-- the row is not visible to them, so the device drops it ("move-out").

create table if not exists business.sync_moves (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  table_name text not null,
  row_id uuid not null,
  from_site_id uuid not null,
  moved_at timestamptz not null default clock_timestamp(),
  txid xid8 not null default pg_current_xact_id()
);
create index if not exists sync_moves_txid_idx on business.sync_moves (txid, id);
create index if not exists sync_moves_site_txid_idx on business.sync_moves (from_site_id, txid, id);
create index if not exists sync_moves_moved_at_idx on business.sync_moves (moved_at);

create or replace function business_private.record_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into business.sync_moves (organization_id, table_name, row_id, from_site_id)
  values (old.organization_id, tg_table_name, old.id, old.site_id);
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['equipment', 'maintenance_logs', 'energy_production'] loop
    execute format('drop trigger if exists record_move on business.%I', t);
    execute format(
      'create trigger record_move after update of site_id on business.%I for each row
         when (old.site_id is distinct from new.site_id) execute function business_private.record_move()', t);
  end loop;
end
$$;

alter table business.sync_moves enable row level security;
drop policy if exists sync_moves_select on business.sync_moves;
-- Visible to whoever could see the old site, and only while the row itself is not visible to
-- them (the subqueries run under the caller's own RLS): a row that came back, or moved to a
-- site the caller also sees, arrives through its own table instead.
create policy sync_moves_select on business.sync_moves for select to authenticated
  using (
    from_site_id = any ((select business.readable_site_ids())::uuid[])
    and case sync_moves.table_name
      when 'equipment' then not exists (select 1 from business.equipment t where t.id = sync_moves.row_id)
      when 'maintenance_logs' then not exists (select 1 from business.maintenance_logs t where t.id = sync_moves.row_id)
      when 'energy_production' then not exists (select 1 from business.energy_production t where t.id = sync_moves.row_id)
      else false
    end
  );
revoke all on business.sync_moves from anon, authenticated;
grant select on business.sync_moves to authenticated;
grant all on business.sync_moves to service_role;

insert into business.sync_tables (table_name, position, site_column, client_writable)
values ('sync_moves', 7, 'from_site_id', false)
on conflict (table_name) do update
  set position = excluded.position, site_column = excluded.site_column,
      client_writable = excluded.client_writable;
