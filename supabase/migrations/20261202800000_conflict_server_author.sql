-- A conflict named who made the device's side (created_by) but not who wrote the server's
-- side: a technician whose value was already on the server and was then overwritten by a
-- later edit from another device could not be told, and the back office could not see whose
-- value it was choosing against. server_updated_by is that person: the actor of the last
-- journal entry that wrote one of the conflict's fields (or inserted the row) before the
-- conflicting mutation. Found in the journal because by the time the conflict is recorded the
-- row may already carry the winning device's values and authorship. A plain reference, as
-- the other authorship columns are; null when nobody signed in wrote it (a migration, a seed).

alter table business.sync_conflicts add column if not exists server_updated_by uuid;

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
  v_server_by uuid;
begin
  select j.actor_id into v_server_by
  from business.journal j
  where j.table_name = p_table and j.row_id = (p_row ->> 'id')::uuid
    and j.mutation_id is distinct from p_mutation_id
    and (j.op = 'insert' or j.changed && p_fields)
  order by j.id desc
  limit 1;
  insert into business.sync_conflicts
    (organization_id, site_id, table_name, row_id, mutation_id, device_id, op, fields, base, server,
     client, winner, client_changed_at, server_updated_at, server_updated_by)
  values
    ((p_row ->> 'organization_id')::uuid, business_private.site_of(p_table, p_row), p_table,
     (p_row ->> 'id')::uuid, p_mutation_id, p_device_id, p_op, p_fields, p_base, p_server, p_client,
     p_winner, p_changed_at, p_server_updated_at, v_server_by)
  returning id into v_id;
  return v_id;
end
$$;
