-- The rejected/retry answer of a push built in one place (business_private.refusal) instead
-- of three copies of the same JSON in push_alone and the push loop. The landed migration
-- 20261202000700 keeps its original text; these definitions replace its functions on every
-- database, whatever text of that file it applied. Same results. The push loop is
-- business_private.sync_push_core since 20261202900100 (business.sync_push wraps it).

-- The answer for a mutation that changed nothing: `retry` for a transient error, `rejected`
-- otherwise, with the error's code, message and SQLSTATE.
create or replace function business_private.refusal(p_id text, p_sqlstate text, p_message text, p_hint text)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p_id,
    'status', case when c.code = 'transient' then 'retry' else 'rejected' end,
    'row', null, 'conflict_id', null,
    'error', jsonb_build_object('code', c.code, 'message', p_message, 'sqlstate', p_sqlstate))
  from (select business_private.error_code(p_sqlstate, p_hint) as code) c
$$;

-- One mutation in its own subtransaction, never raising: its outcome, a rejection or `retry`.
create or replace function business_private.push_alone(m jsonb, p_id text, p_parse_error text) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
  v_prior jsonb;
begin
  if m is null then
    return business_private.refusal(p_id, '22P05',
      format('this change holds a value the database cannot store (%s); correct or discard it', p_parse_error), null);
  end if;
  for attempt in 1..3 loop
    begin
      return business_private.push_mutation(m);
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                              v_hint = pg_exception_hint, v_constraint = constraint_name;
    end;
    if v_state = '23505' and v_constraint = 'sync_mutations_pkey' then
      -- The same id, pushed concurrently, committed while this push waited for it.
      v_prior := business_private.prior_result((m ->> 'id')::uuid);
      if v_prior is not null then
        return v_prior || jsonb_build_object('status', 'duplicate');
      end if;
      v_state := '42501';
      v_message := 'this mutation id is already used by someone else';
    end if;
    -- A deadlock or serialization failure usually clears at once; a lock held elsewhere does
    -- not, and waiting again would eat the statement's time.
    exit when v_state not in ('40001', '40P01');
  end loop;
  return business_private.refusal(coalesce(p_id, m ->> 'id'), v_state, v_message, v_hint);
end
$$;

drop function if exists business.sync_push(jsonb);

create or replace function business_private.sync_push_core(json) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c_group constant int := 50;
  p_mutations json;
  v_count int;
  v_items jsonb[] := '{}';
  v_ids text[] := '{}';
  v_errors text[] := '{}';
  v_results jsonb[] := '{}';
  v_run jsonb[];
  v_elem json;
  v_i int := 1;
  v_k int;
  v_end int;
  -- A mutation known to fail, answered on its own once the mutations before it are applied.
  v_stop int;
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
begin
  if auth.uid() is null then
    raise exception 'sign in to push changes' using errcode = '42501';
  end if;
  p_mutations := business_private.mutations_of($1);
  if json_typeof(p_mutations) is distinct from 'array' then
    raise exception 'p_mutations must be a JSON array of mutations' using errcode = '22023';
  end if;
  v_count := json_array_length(p_mutations);
  if v_count > 500 then
    raise exception 'at most 500 mutations per push, got %', v_count using errcode = '22023';
  end if;
  -- A row locked by another session is waited for 1 s at most, then that mutation is answered
  -- `retry`: the push stays far inside the 8 s statement limit.
  perform set_config('lock_timeout', '1s', true);

  for v_elem in select value from json_array_elements(p_mutations) loop
    v_ids := array_append(v_ids, business_private.json_id(v_elem));
    begin
      v_items := array_append(v_items, v_elem::jsonb);
      v_errors := array_append(v_errors, null::text);
    exception when others then
      v_items := array_append(v_items, null::jsonb);
      v_errors := array_append(v_errors, sqlerrm);
    end;
  end loop;

  -- Runs of up to c_group mutations share one subtransaction. When one raises, the run is
  -- undone (plpgsql variables are not, so v_k still names the mutation that raised); the
  -- mutations before it run again as a run, and it is answered alone: from the error itself
  -- when that is final (nothing of it remains), or by running it alone when the error may not
  -- repeat (deadlock, serialization, a concurrent push of the same id).
  while v_i <= v_count loop
    if v_i = v_stop then
      if v_items[v_i] is null or v_state in ('40001', '40P01')
         or (v_state = '23505' and v_constraint = 'sync_mutations_pkey') then
        v_results := array_append(v_results, business_private.push_alone(v_items[v_i], v_ids[v_i], v_errors[v_i]));
      else
        v_results := array_append(v_results, business_private.refusal(
          coalesce(v_ids[v_i], v_items[v_i] ->> 'id'), v_state, v_message, v_hint));
      end if;
      v_i := v_i + 1;
      v_stop := null;
      continue;
    end if;
    v_end := least(v_i + c_group - 1, v_count, coalesce(v_stop - 1, v_count));
    v_run := '{}';
    v_k := v_i;
    begin
      while v_k <= v_end loop
        if v_items[v_k] is null then
          raise exception 'unparsed mutation' using errcode = '22P05';
        end if;
        v_run := array_append(v_run, business_private.push_mutation(v_items[v_k]));
        v_k := v_k + 1;
      end loop;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                              v_hint = pg_exception_hint, v_constraint = constraint_name;
      v_stop := v_k;
      continue;
    end;
    v_results := v_results || v_run;
    v_i := v_end + 1;
  end loop;
  perform set_config('outpost.mutation_id', '', true);
  perform set_config('outpost.device_id', '', true);
  return jsonb_build_object('results', coalesce(to_jsonb(v_results), '[]'::jsonb), 'server_time', clock_timestamp());
end
$$;

grant execute on function business_private.refusal(text, text, text, text)
  to authenticated, service_role;
