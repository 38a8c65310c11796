-- Instance monitoring for admins: sizes per schema, connections per role, and row counts per
-- table, as the seed's monitoring queries meant them. Its versions were wrong: the size query
-- read `schema_name` from pg_namespace (that column is information_schema.schemata's), and the
-- row count counted a join of pg_class with pg_stat_user_tables, so each table appeared once
-- per matching statistics row. These are SECURITY INVOKER: they read only catalog data every
-- role may read (sizes, pg_stat_* counters, pg_stat_activity's role and database columns), and
-- answer 42501 to anyone who is not an admin of an organization. The figures are instance-wide,
-- not per organization: the instance is the company's own.

-- An admin of any organization, or the service role (operators' scripts).
create function business_private.assert_monitoring_reader() returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if current_user <> 'service_role'
     and cardinality(business_private.my_organization_ids(array['admin'])) = 0 then
    raise exception 'only an organization admin may read instance monitoring'
      using errcode = '42501';
  end if;
end
$$;

revoke execute on function business_private.assert_monitoring_reader() from public, anon;
grant execute on function business_private.assert_monitoring_reader()
  to authenticated, service_role;

create function business.admin_schema_sizes()
returns table (schema_name text, tables integer, total_bytes bigint, table_bytes bigint,
  index_bytes bigint)
language plpgsql stable
set search_path = ''
as $$
begin
  perform business_private.assert_monitoring_reader();
  return query
    select n.nspname::text, count(c.oid)::integer,
           coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)::bigint,
           coalesce(sum(pg_catalog.pg_table_size(c.oid)), 0)::bigint,
           coalesce(sum(pg_catalog.pg_indexes_size(c.oid)), 0)::bigint
    from pg_catalog.pg_namespace n
    left join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'm', 'p')
    where n.nspname in ('public', 'business', 'flrts', 'openproject', 'auth', 'storage')
    group by n.nspname
    order by 3 desc, 1;
end
$$;

create function business.admin_connections()
returns table (role_name text, database_name text, backend_type text, connections integer,
  active integer, idle_in_transaction integer)
language plpgsql stable
set search_path = ''
as $$
begin
  perform business_private.assert_monitoring_reader();
  -- state is visible only for sessions of roles the caller may see; the counts are not.
  return query
    select coalesce(a.usename::text, '(system)'), coalesce(a.datname::text, ''),
           a.backend_type, count(*)::integer,
           count(*) filter (where a.state = 'active')::integer,
           count(*) filter (where a.state like 'idle in transaction%')::integer
    from pg_catalog.pg_stat_activity a
    group by 1, 2, 3
    order by 4 desc, 1, 2, 3;
end
$$;

create function business.admin_table_rows()
returns table (schema_name text, table_name text, estimated_rows bigint, dead_rows bigint,
  total_bytes bigint, last_analyzed timestamptz)
language plpgsql stable
set search_path = ''
as $$
begin
  perform business_private.assert_monitoring_reader();
  -- Estimates, because an exact count(*) of every table would not stay under the 8 s statement
  -- timeout at production sizes: the statistics collector's live rows once it has seen the
  -- table written or analysed, else the planner's last estimate, else NULL (not counted yet)
  -- rather than a 0 that would read as "empty" (a restored or cloned database starts with no
  -- statistics).
  return query
    select s.schemaname::text, s.relname::text,
           case
             when s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0
               or coalesce(s.last_analyze, s.last_autoanalyze) is not null then s.n_live_tup
             when c.reltuples >= 0 then c.reltuples::bigint
           end,
           s.n_dead_tup,
           pg_catalog.pg_total_relation_size(s.relid),
           greatest(s.last_analyze, s.last_autoanalyze)
    from pg_catalog.pg_stat_user_tables s
    join pg_catalog.pg_class c on c.oid = s.relid
    where s.schemaname in ('public', 'business', 'flrts', 'openproject')
    order by 1, 2;
end
$$;

revoke execute on function business.admin_schema_sizes(), business.admin_connections(),
  business.admin_table_rows() from public, anon;
grant execute on function business.admin_schema_sizes(), business.admin_connections(),
  business.admin_table_rows() to authenticated, service_role;
