-- Who may call which function. Everything in business, business_private and public (the
-- project's own; extensions' functions are left alone) is revoked from every API role first,
-- then granted to whom it is for:
--   the API (authenticated)  the sync functions, period close/reopen, the caller's site lists,
--                            and the membership helper every policy calls;
--   business_private         to authenticated, because the invoker functions above and the
--                            row triggers run as the caller and call into it; it is not an
--                            exposed schema, so no request reaches it directly;
--   operators (service_role) the retention purge, a new sync epoch and the any-user site lookup.
-- Trigger functions need no EXECUTE grant: PostgreSQL checks it when a trigger is created.
-- tests/integration/db/function-privileges.test.ts holds this list.
do $$
declare
  f record;
begin
  for f in
    select p.oid::regprocedure as fn
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('business', 'business_private', 'public')
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    execute format('revoke all on function %s from public, anon, authenticated, service_role', f.fn);
  end loop;

  for f in
    select p.oid::regprocedure as fn
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'business_private'
      and p.prorettype <> 'trigger'::regtype
      and p.proname not in ('purge_sync_history', 'site_ids_of', 'start_new_sync_epoch')
  loop
    execute format('grant execute on function %s to authenticated, service_role', f.fn);
  end loop;
end
$$;

grant execute on function
  business.sync_pull(jsonb, int),
  business.sync_push(json),
  business.resolve_conflict(uuid, jsonb),
  business.close_period(uuid, date),
  business.reopen_period(uuid, date, text),
  business.readable_site_ids(),
  business.writable_site_ids(),
  public.my_organization_ids(text[])
  to authenticated, service_role;
grant execute on function
  business_private.purge_sync_history(timestamptz),
  business_private.site_ids_of(uuid, text[]),
  business_private.start_new_sync_epoch()
  to service_role;
