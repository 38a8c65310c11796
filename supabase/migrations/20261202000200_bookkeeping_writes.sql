-- Bookkeeping tables are written only by the functions meant for them. Until now any signed-in
-- user could insert a sync_conflicts row through the table API, and resolve_conflict then
-- wrote that row's "device" values with the rights of the office user who pressed "keep device
-- value"; sync_mutations rows (which the push trusts for idempotency and merged-insert
-- aliases) and period_closes rows could be written the same way.
--   sync_mutations   written by sync_push (business_private.claim_mutation / settle_mutation)
--   sync_conflicts   written by sync_push (record_conflict) and resolve_conflict (settle_conflict)
--   period_closes    written by close_period / reopen_period
--   journal          written by the journal trigger
-- The API roles keep SELECT (under RLS) and nothing else.

drop policy if exists sync_conflicts_insert on business.sync_conflicts;
drop policy if exists sync_conflicts_update on business.sync_conflicts;
drop policy if exists sync_mutations_insert on business.sync_mutations;
drop policy if exists sync_mutations_update on business.sync_mutations;
drop policy if exists period_closes_insert on business.period_closes;
drop policy if exists period_closes_update on business.period_closes;

revoke all on business.sync_conflicts, business.sync_mutations, business.period_closes,
  business.journal, business.sync_tables, business.sync_epoch from anon, authenticated;
grant select on business.sync_conflicts, business.sync_mutations, business.period_closes,
  business.journal, business.sync_tables, business.sync_epoch to authenticated;

-- sync_mutations: the caller's own rows only.
create or replace function business_private.prior_result(p_id uuid) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select m.result from business.sync_mutations m where m.id = p_id and m.user_id = auth.uid()
$$;

-- Claimed before the mutation is applied: a concurrent push of the same id waits on the
-- primary key, then sees it as done.
create or replace function business_private.claim_mutation(
  p_id uuid, p_device uuid, p_table text, p_row_id uuid, p_op text, p_changed_at timestamptz)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into business.sync_mutations (id, user_id, device_id, table_name, row_id, op, status, result, changed_at)
  values (p_id, auth.uid(), p_device, p_table, p_row_id, p_op, 'pending', '{}'::jsonb, p_changed_at)
$$;

create or replace function business_private.settle_mutation(p_id uuid, p_result jsonb) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update business.sync_mutations set status = p_result ->> 'status', result = p_result
  where id = p_id and user_id = auth.uid()
$$;

-- sync_conflicts: recorded by the push of the device whose edit lost or won. created_by is the
-- pushing user (stamp_row), which resolve_conflict checks before applying the device's values.
create or replace function business_private.record_conflict(
  p_table text, p_op text, p_row jsonb, p_fields text[], p_base jsonb, p_server jsonb,
  p_client jsonb, p_winner text, p_changed_at timestamptz, p_server_updated_at timestamptz,
  p_mutation_id uuid, p_device_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into business.sync_conflicts
    (organization_id, site_id, table_name, row_id, mutation_id, device_id, op, fields, base, server,
     client, winner, client_changed_at, server_updated_at)
  values
    ((p_row ->> 'organization_id')::uuid, business_private.site_of(p_table, p_row), p_table,
     (p_row ->> 'id')::uuid, p_mutation_id, p_device_id, p_op, p_fields, p_base, p_server, p_client,
     p_winner, p_changed_at, p_server_updated_at)
  returning id into v_id;
  return v_id;
end
$$;

-- Marks an open conflict resolved; null if it is not open (resolved meanwhile by someone else).
create or replace function business_private.settle_conflict(p_id uuid, p_resolution jsonb)
returns business.sync_conflicts
language sql
volatile
security definer
set search_path = ''
as $$
  update business.sync_conflicts
  set status = 'resolved', resolution = p_resolution, resolved_by = auth.uid(), resolved_at = clock_timestamp()
  where id = p_id and status = 'open'
  returning *
$$;

-- Whether a user may write rows of a site now (the rule of writable_site_ids, for any user).
create or replace function business_private.user_may_write_site(p_user uuid, p_site uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_user is not null and p_site = any (business_private.site_ids_of(p_user, array['admin', 'office']))
$$;

-- Settles a conflict: keep the server's value, the device's, or set edited values.
--   server  the values the row had when the device's edit arrived
--   client  the values the device's edit carried, as recorded by sync_push; applied only if the
--           user who made that edit may still write the row (and, if it moves the row, the
--           site it moves to): the office confirms an edit, it does not lend its own rights
--   custom  values the resolver types, for the conflict's fields only, under the resolver's rights
-- The row is updated like any other write (RLS, CHECKs, closed months, journal); the conflict
-- keeps what was decided, by whom and when, and the resolver's note.
create or replace function business.resolve_conflict(p_conflict_id uuid, p_resolution jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c business.sync_conflicts;
  v_choice text;
  v_values jsonb;
  v_unknown text[];
  v_cur jsonb;
  v_apply jsonb;
  v_row jsonb;
  v_site_column text;
begin
  if auth.uid() is null then
    raise exception 'sign in to resolve conflicts' using errcode = '42501';
  end if;
  if jsonb_typeof(p_resolution) is distinct from 'object' then
    raise exception 'resolution must be {"choice": "server" | "client"} or {"choice": "custom", "values": {...}}'
      using errcode = '22023';
  end if;
  v_choice := p_resolution ->> 'choice';
  select * into c from business.sync_conflicts where id = p_conflict_id;
  if not found then
    raise exception 'conflict % not found', p_conflict_id using errcode = 'P0002';
  end if;
  if not c.organization_id = any (business_private.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can resolve conflicts' using errcode = '42501';
  end if;
  select t.site_column into v_site_column
  from business.sync_tables t where t.table_name = c.table_name and t.client_writable;
  if v_site_column is null then
    raise exception 'conflicts on % cannot be resolved here', c.table_name using errcode = '22023';
  end if;

  v_values := case v_choice
    when 'server' then c.server
    when 'client' then c.client
    when 'custom' then p_resolution -> 'values'
  end;
  if v_values is null or jsonb_typeof(v_values) <> 'object' then
    raise exception 'resolution must be {"choice": "server" | "client"} or {"choice": "custom", "values": {...}}'
      using errcode = '22023';
  end if;
  select array_agg(k) into v_unknown from jsonb_object_keys(v_values) k where k <> all (c.fields);
  if v_unknown is not null then
    raise exception 'only the conflicting fields can be set: %', array_to_string(v_unknown, ', ')
      using errcode = '22023';
  end if;
  if p_resolution ? 'note' and (jsonb_typeof(p_resolution -> 'note') <> 'string'
                                or length(p_resolution ->> 'note') > 2000) then
    raise exception 'the note must be text of at most 2000 characters' using errcode = '22023';
  end if;

  -- Settled first: a second resolver waits here, then finds it resolved.
  c := business_private.settle_conflict(c.id, jsonb_build_object(
    'choice', v_choice, 'values', v_values, 'note', p_resolution ->> 'note'));
  if c.id is null then
    raise exception 'this conflict was already resolved' using errcode = '55000';
  end if;

  v_cur := business_private.row_json(c.table_name, c.row_id, true);
  if v_cur is null then
    raise exception 'the % row of this conflict is not visible to you', c.table_name using errcode = '42501';
  end if;
  if v_choice = 'client' and not (
       business_private.user_may_write_site(c.created_by, business_private.site_of(c.table_name, v_cur))
       and (not v_values ? v_site_column
            or business_private.user_may_write_site(c.created_by, (v_values ->> v_site_column)::uuid))) then
    raise exception 'the person who made this edit may no longer change this record (their site access changed): keep the server value or enter the value yourself'
      using errcode = '42501';
  end if;

  v_values := business_private.normalize(c.table_name, v_values);
  select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into v_apply
  from jsonb_each(v_values) where value is distinct from v_cur -> key;
  perform set_config('outpost.reason', format('resolve conflict %s: keep %s', c.id, v_choice), true);
  v_row := business_private.update_row(c.table_name, c.row_id, v_apply);
  perform set_config('outpost.reason', '', true);
  return jsonb_build_object('conflict', to_jsonb(c) - 'txid', 'row', v_row);
end
$$;

-- Period close and reopen: office and admin of the site's organization, checked here because
-- the table itself is no longer writable through the API.
create or replace function business_private.close_period(p_site_id uuid, p_month date) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_row business.period_closes;
  v_org uuid;
begin
  if p_month is null or extract(day from p_month) <> 1 then
    raise exception 'a period is a whole month: pass its first day' using errcode = '22023';
  end if;
  select organization_id into v_org from business.sites where id = p_site_id and deleted_at is null;
  if v_org is null or not v_org = any (business_private.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can close a period' using errcode = '42501';
  end if;
  insert into business.period_closes (organization_id, site_id, month, closed_by, closed_at)
  values (v_org, p_site_id, p_month, auth.uid(), clock_timestamp())
  on conflict (site_id, month) where deleted_at is null do update
    set status = 'closed', closed_by = auth.uid(), closed_at = clock_timestamp(), reopened_by = null,
        reopened_at = null, reason = null
  returning * into v_row;
  return to_jsonb(v_row) - 'txid';
end
$$;

create or replace function business_private.reopen_period(p_site_id uuid, p_month date, p_reason text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_row business.period_closes;
  v_org uuid;
begin
  if length(btrim(coalesce(p_reason, ''))) < 3 or length(p_reason) > 2000 then
    raise exception 'say why the period is reopened (3 to 2000 characters)' using errcode = '22023';
  end if;
  select organization_id into v_org from business.sites where id = p_site_id;
  if v_org is null or not v_org = any (business_private.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can reopen a period' using errcode = '42501';
  end if;
  perform set_config('outpost.reason', p_reason, true);
  update business.period_closes
  set status = 'reopened', reopened_by = auth.uid(), reopened_at = clock_timestamp(), reason = p_reason
  where site_id = p_site_id and month = p_month and status = 'closed' and deleted_at is null
  returning * into v_row;
  perform set_config('outpost.reason', '', true);
  if v_row.id is null then
    raise exception 'that period is not closed' using errcode = 'P0002';
  end if;
  return to_jsonb(v_row) - 'txid';
end
$$;

create or replace function business.close_period(p_site_id uuid, p_month date) returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
  select business_private.close_period(p_site_id, p_month)
$$;

create or replace function business.reopen_period(p_site_id uuid, p_month date, p_reason text) returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
  select business_private.reopen_period(p_site_id, p_month, p_reason)
$$;

-- The profile's email is GoTrue's, not the user's to rewrite: only the display name is.
revoke update on public.profiles from authenticated;
grant update (display_name) on public.profiles to authenticated;
