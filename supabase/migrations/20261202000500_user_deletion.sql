-- Deleting a user (`delete from auth.users`) failed: the `on delete set null` of
-- created_by/updated_by rewrote every row the user had touched, which fired the closed-period
-- guard, and would otherwise have re-stamped updated_at/txid so that every device pulled them
-- all again. Authorship columns now keep the id as a plain reference, as journal.actor_id
-- does: history still says who entered a reading after the account is gone.
do $$
declare
  r record;
begin
  for r in
    select c.conrelid::regclass as tbl, c.conname
    from pg_constraint c
    where c.contype = 'f'
      and c.confrelid = 'auth.users'::regclass
      and c.connamespace = 'business'::regnamespace
      and (select array_agg(a.attname::text) from pg_attribute a
           where a.attrelid = c.conrelid and a.attnum = any (c.conkey))
          <@ array['created_by', 'updated_by', 'closed_by', 'reopened_by', 'resolved_by']
  loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
  -- The indexes existed for those keys' cascades; nothing else looks rows up by author.
  for r in
    select c.oid::regclass as idx
    from pg_class c
    where c.relkind = 'i'
      and c.relnamespace = 'business'::regnamespace
      and c.relname ~ '_(created_by|updated_by|closed_by|reopened_by|resolved_by)_idx$'
  loop
    execute format('drop index %s', r.idx);
  end loop;
end
$$;
