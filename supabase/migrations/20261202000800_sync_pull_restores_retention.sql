-- sync_pull after a restore, and retention of the sync bookkeeping.
--
-- Restores. The epoch is a data row, so a restore (pg_dump/restore, point-in-time recovery, a
-- copy into a new project) keeps it while the transaction counter goes back: cursors from
-- before then pointed past rows that will be written again under smaller txids, and skipped
-- them forever. A cursor is now answered with `reset` when
--   * it names another cluster or timeline (system identifier and timeline, where the platform
--     lets the database read its control file: PITR starts a new timeline, a new project is a
--     new cluster), or
--   * any position in it is at or beyond the current snapshot's xmax: a txid this database has
--     not reached yet, which only a counter that went back can explain.
--
-- Retention (business_private.purge_sync_history, for pg_cron or an operator):
--   * sync_mutations older than the window are deleted. A device offline longer than that may
--     send a mutation again after its id is forgotten; the push then merges it against the row
--     as it is (its base is old), so a change already applied is `merged` with no effect and
--     one that lost to later edits is a recorded conflict: nothing is duplicated or lost.
--   * sync_moves older than the window are deleted, and resolved conflicts older than it are no
--     longer shipped to devices. A device whose cursor has not seen everything up to the newest
--     purged entry (`horizon`) could have missed one of them, so it is answered `reset`.
--   * the journal is the audit trail and is kept unless journal_retention is set.

create table if not exists business_private.sync_settings (
  singleton boolean primary key default true check (singleton),
  retention interval not null default '90 days' check (retention >= interval '7 days'),
  journal_retention interval check (journal_retention is null or journal_retention >= interval '1 year'),
  -- The newest txid of anything purged or no longer shipped; cursors not past it reset.
  horizon xid8 not null default '0'
);
insert into business_private.sync_settings default values on conflict do nothing;
revoke all on business_private.sync_settings from public, anon, authenticated;

create or replace function business_private.sync_horizon() returns xid8
language sql
stable
security definer
set search_path = ''
as $$
  select horizon from business_private.sync_settings
$$;

-- "<system identifier>:<timeline>", or null where the control file cannot be read.
create or replace function business_private.cluster_identity() returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (select s.system_identifier::text from pg_catalog.pg_control_system() s)
         || ':' || (select c.timeline_id::text from pg_catalog.pg_control_checkpoint() c);
exception when others then
  return null;
end
$$;

create or replace function business_private.purge_sync_history(p_now timestamptz default clock_timestamp())
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s business_private.sync_settings;
  v_cutoff timestamptz;
  v_mutations bigint;
  v_moves bigint;
  v_journal bigint := 0;
  v_moves_horizon xid8;
  v_conflicts_horizon xid8;
begin
  select * into s from business_private.sync_settings for update;
  v_cutoff := p_now - s.retention;
  with d as (delete from business.sync_mutations where received_at < v_cutoff returning 1)
  select count(*) into v_mutations from d;
  with d as (delete from business.sync_moves where moved_at < v_cutoff returning txid)
  select count(*), (select txid from d order by txid desc limit 1) into v_moves, v_moves_horizon from d;
  select c.txid into v_conflicts_horizon from business.sync_conflicts c
  where c.status = 'resolved' and c.resolved_at < v_cutoff order by c.txid desc limit 1;
  if s.journal_retention is not null then
    with d as (delete from business.journal where at < p_now - s.journal_retention returning 1)
    select count(*) into v_journal from d;
  end if;
  update business_private.sync_settings
  set horizon = greatest(horizon, coalesce(v_moves_horizon, '0'), coalesce(v_conflicts_horizon, '0'))
  returning * into s;
  return jsonb_build_object('mutations', v_mutations, 'moves', v_moves, 'journal', v_journal,
                            'cutoff', v_cutoff, 'horizon', s.horizon::text);
end
$$;

-- After a restore into the same cluster (the counter keeps going, so the checks of sync_pull
-- cannot see it), devices still hold rows written after the backup: the runbook
-- (docs/sync-protocol.md, "Restores") runs this, and every device starts over with a full sync.
create or replace function business_private.start_new_sync_epoch() returns uuid
language sql
volatile
security definer
set search_path = ''
as $$
  update business.sync_epoch set epoch = gen_random_uuid() returning epoch
$$;

-- One table's page: rows after `p_after` (txid, id), up to `p_upto` when given, only of
-- transactions older than `p_xmin` (all committed or aborted: nothing can appear behind
-- the cursor later), optionally only of `p_sites`. Resolved conflicts at or behind the
-- retention horizon are not shipped. Returns {rows, last, more}.
create or replace function business_private.pull_table(
  p_table text, p_site_column text, p_after jsonb, p_upto jsonb, p_xmin xid8, p_sites uuid[], p_limit int,
  p_horizon xid8)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  r jsonb;
begin
  execute format($q$
    with page as (
      select t, t.txid, t.id, row_number() over (order by t.txid, t.id) as rn
      from (
        select * from business.%I t
        where (t.txid, t.id) > ($1::xid8, $2::uuid)
          and ($3::xid8 is null or (t.txid, t.id) <= ($3::xid8, $4::uuid))
          and t.txid < $5
          and ($6::uuid[] is null or t.%I = any ($6))
          and %s
        order by t.txid, t.id
        limit $7 + 1
      ) t
    )
    select jsonb_build_object(
      'rows', coalesce(jsonb_agg(to_jsonb(p.t) - 'txid' order by p.rn) filter (where p.rn <= $7), '[]'::jsonb),
      'last', (array_agg(jsonb_build_object('x', p.txid::text, 'id', p.id) order by p.rn desc)
                 filter (where p.rn <= $7))[1],
      'more', count(*) > $7)
    from page p
  $q$, p_table, p_site_column,
       case when p_table = 'sync_conflicts' then '(t.status = ''open'' or t.txid > $8)' else 'true' end)
  into r
  using coalesce(p_after ->> 'x', '0'), coalesce(p_after ->> 'id', '00000000-0000-0000-0000-000000000000'),
        p_upto ->> 'x', p_upto ->> 'id', p_xmin, p_sites, p_limit, p_horizon;
  return r;
end
$$;
drop function if exists business_private.pull_table(text, text, jsonb, jsonb, xid8, uuid[], int);

-- Whether a stored cursor is usable here: same epoch and cluster, no position this database
-- has not reached, and not behind the retention horizon.
create or replace function business_private.cursor_valid(
  p_cursor jsonb, p_epoch uuid, p_identity text, p_xmax xid8, p_horizon xid8)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
declare
  v_positions xid8[];
begin
  if jsonb_typeof(p_cursor) <> 'object' or p_cursor ->> 'v' is distinct from '1'
     or p_cursor ->> 'epoch' is distinct from p_epoch::text then
    return false;
  end if;
  if p_identity is not null and p_cursor ? 'sys' and p_cursor ->> 'sys' is distinct from p_identity then
    return false;
  end if;
  -- Row positions are txids of finished transactions (< xmax); `seen` is a past xmin (<= xmax).
  v_positions := array(
    select x #>> '{}'
    from jsonb_path_query(p_cursor, 'lax $.tables.*.x') x
    union all
    select x #>> '{}'
    from jsonb_path_query(p_cursor, 'lax $.backfill.tables.*.x') x)::xid8[];
  if exists (select 1 from unnest(v_positions) p where p >= p_xmax)
     or (p_cursor ->> 'seen')::xid8 > p_xmax then
    return false;
  end if;
  return coalesce((p_cursor ->> 'seen')::xid8, '0'::xid8) > p_horizon or p_horizon = '0'::xid8;
exception when invalid_text_representation or invalid_parameter_value then
  return false;
end
$$;

create or replace function business.sync_pull(p_cursor jsonb default null, p_limit int default 1000)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  v_snapshot pg_snapshot := pg_current_snapshot();
  -- Everything below this transaction id has finished; see pull_table.
  v_xmin xid8 := pg_snapshot_xmin(v_snapshot);
  v_horizon xid8 := business_private.sync_horizon();
  v_identity text := business_private.cluster_identity();
  v_epoch uuid;
  v_cursor jsonb := p_cursor;
  v_reset boolean := false;
  v_seen text;
  v_scope uuid[];
  v_known uuid[];
  v_added uuid[];
  v_main jsonb := '{}'::jsonb;
  v_backfill jsonb;
  v_bf_sites uuid[];
  v_changes jsonb := '{}'::jsonb;
  v_remaining int := v_limit;
  v_more boolean := false;
  v_page jsonb;
  v_n int;
  t record;
begin
  if auth.uid() is null then
    raise exception 'sign in to sync' using errcode = '42501';
  end if;
  select epoch into v_epoch from business.sync_epoch;
  if v_cursor is not null and jsonb_typeof(v_cursor) <> 'null' then
    if not business_private.cursor_valid(v_cursor, v_epoch, v_identity, pg_snapshot_xmax(v_snapshot), v_horizon) then
      v_reset := true;
      v_cursor := null;
    end if;
  else
    v_cursor := null;
  end if;
  -- Up to `seen` the device has been given every row, move and resolution: set when a sync
  -- starts from nothing, and again whenever a pull has delivered everything.
  v_seen := coalesce(v_cursor ->> 'seen', case when v_cursor is null then v_xmin::text end);

  v_scope := array(select s from unnest(business.readable_site_ids()) s order by 1);

  if v_cursor is not null then
    v_main := coalesce(v_cursor -> 'tables', '{}'::jsonb);
    v_backfill := v_cursor -> 'backfill';
    v_known := array(select jsonb_array_elements_text(coalesce(v_cursor -> 'scope', '[]'::jsonb))::uuid);
    v_added := array(select unnest(v_scope) except select unnest(v_known));
    v_bf_sites := array(
      select s::uuid from jsonb_array_elements_text(coalesce(v_backfill -> 'sites', '[]'::jsonb)) s
      intersect select unnest(v_scope));
    if cardinality(v_added) > 0 then
      -- Sites that came into scope: their rows may be older than the cursor, so they are
      -- read again from the start (together with any backfill still under way) before the
      -- main stream moves on. Re-sending a row is harmless; missing one is not.
      v_backfill := jsonb_build_object('sites', to_jsonb(array(select unnest(v_added || v_bf_sites) order by 1)),
                                       'tables', '{}'::jsonb);
    elsif v_backfill is not null then
      v_backfill := jsonb_set(v_backfill, '{sites}', to_jsonb(v_bf_sites));
      if cardinality(v_bf_sites) = 0 then
        v_backfill := null;
      end if;
    end if;
  end if;

  if v_backfill is not null then
    v_bf_sites := array(select jsonb_array_elements_text(v_backfill -> 'sites')::uuid);
    for t in select * from business.sync_tables order by position loop
      -- A table the main stream has not started on will deliver these sites' rows anyway.
      continue when v_main -> t.table_name is null or v_backfill -> 'done' ? t.table_name;
      if v_remaining = 0 then
        v_more := true;
        exit;
      end if;
      v_page := business_private.pull_table(t.table_name, t.site_column, v_backfill -> 'tables' -> t.table_name,
                                            v_main -> t.table_name, v_xmin, v_bf_sites, v_remaining, v_horizon);
      v_n := jsonb_array_length(v_page -> 'rows');
      if v_n > 0 then
        v_changes := jsonb_set(v_changes, array[t.table_name],
                               coalesce(v_changes -> t.table_name, '[]'::jsonb) || (v_page -> 'rows'));
        v_backfill := jsonb_set(v_backfill, array['tables', t.table_name], v_page -> 'last');
        v_remaining := v_remaining - v_n;
      end if;
      if (v_page ->> 'more')::boolean then
        v_more := true;
        exit;
      end if;
      v_backfill := jsonb_set(v_backfill, '{done}',
                              coalesce(v_backfill -> 'done', '[]'::jsonb) || to_jsonb(t.table_name));
    end loop;
    if not v_more then
      v_backfill := null;
    end if;
  end if;

  if v_backfill is null then
    for t in select * from business.sync_tables order by position loop
      if v_remaining = 0 then
        v_more := true;
        exit;
      end if;
      v_page := business_private.pull_table(t.table_name, t.site_column, v_main -> t.table_name, null,
                                            v_xmin, null, v_remaining, v_horizon);
      v_n := jsonb_array_length(v_page -> 'rows');
      if v_n > 0 then
        v_changes := jsonb_set(v_changes, array[t.table_name],
                               coalesce(v_changes -> t.table_name, '[]'::jsonb) || (v_page -> 'rows'));
        v_main := jsonb_set(v_main, array[t.table_name], v_page -> 'last');
        v_remaining := v_remaining - v_n;
      end if;
      if (v_page ->> 'more')::boolean then
        v_more := true;
        exit;
      end if;
    end loop;
  end if;

  if not v_more then
    v_seen := v_xmin::text;
  end if;

  return jsonb_build_object(
    'changes', v_changes,
    'cursor', jsonb_strip_nulls(jsonb_build_object(
      'v', 1, 'epoch', v_epoch, 'sys', v_identity, 'seen', v_seen, 'tables', v_main,
      'scope', to_jsonb(v_scope), 'backfill', v_backfill)),
    'has_more', v_more,
    'server_time', clock_timestamp(),
    'scope', jsonb_build_object('site_ids', to_jsonb(v_scope)),
    'reset', v_reset);
end
$$;
