-- A push's conflict result carries the conflict row the server recorded, in the shape a pull
-- returns it, so the device stores what the server decided instead of rebuilding a stand-in
-- (which had no times or server author and failed its own schema). sync_push's body stays as
-- it was, moved out of the exposed schema; the API function adds the rows to its answer.

alter function business.sync_push(json) rename to sync_push_core;
alter function business.sync_push_core(json) set schema business_private;

create function business.sync_push(json) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  r jsonb := business_private.sync_push_core($1);
begin
  if r ? 'results' then
    r := jsonb_set(r, '{results}', coalesce((
      select jsonb_agg(
               case when e ->> 'status' = 'conflict' and e ->> 'conflict_id' is not null
                    then e || jsonb_build_object('conflict', (
                           select to_jsonb(c) - 'txid' from business.sync_conflicts c
                           where c.id = (e ->> 'conflict_id')::uuid))
                    else e end
               order by t.n)
      from jsonb_array_elements(r -> 'results') with ordinality as t (e, n)), '[]'::jsonb));
  end if;
  return r;
end
$$;

revoke execute on function business.sync_push(json) from public, anon;
grant execute on function business.sync_push(json) to authenticated, service_role;
revoke execute on function business_private.sync_push_core(json) from public, anon;
grant execute on function business_private.sync_push_core(json) to authenticated, service_role;
