-- business_private.merge_decision without business_private.pick: a SQL function that is not
-- inlined is planned again on every call, three times per conflict (issue 17). The three
-- picks are one query now, planned once per session; same values.

create or replace function business_private.merge_decision(
  p_op text, p_cur jsonb, p_base_updated_at timestamptz, p_client jsonb, p_base jsonb,
  p_changed_at timestamptz)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_server_ts timestamptz := (p_cur ->> 'updated_at')::timestamptz;
  v_client_wins boolean := p_changed_at > v_server_ts;
  v_apply jsonb := '{}'::jsonb;
  v_conflicts text[] := '{}';
  v_client jsonb;
  v_picked jsonb;
  v_base jsonb;
  v_server jsonb;
  k text;
begin
  if p_op = 'delete' then
    if p_cur ->> 'deleted_at' is not null then
      return jsonb_build_object('status', 'applied', 'apply', '{}'::jsonb);
    end if;
    if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
      return jsonb_build_object('status', 'applied', 'apply', jsonb_build_object('deleted_at', clock_timestamp()));
    end if;
    return jsonb_build_object(
      'status', 'conflict',
      'apply', case when v_client_wins then jsonb_build_object('deleted_at', clock_timestamp()) else '{}'::jsonb end,
      'fields', jsonb_build_array('deleted_at'),
      'base', jsonb_build_object('deleted_at', null),
      'server', jsonb_build_object('deleted_at', null),
      'client', jsonb_build_object('deleted_at', p_changed_at),
      'winner', case when v_client_wins then 'client' else 'server' end,
      'server_ts', v_server_ts);
  end if;

  if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into v_apply
    from jsonb_each(p_client) where value is distinct from p_cur -> key;
    return jsonb_build_object('status', 'applied', 'apply', v_apply);
  end if;

  if p_cur ->> 'deleted_at' is not null and p_base ->> 'deleted_at' is null then
    v_conflicts := array['deleted_at'] || array(select jsonb_object_keys(p_client));
    v_client := jsonb_build_object('deleted_at', null) || p_client;
    if v_client_wins then
      v_apply := v_client;
    end if;
  else
    for k in select jsonb_object_keys(p_client) loop
      if p_client -> k is not distinct from p_cur -> k then
        continue;
      elsif p_base ? k and p_base -> k is not distinct from p_cur -> k then
        v_apply := v_apply || jsonb_build_object(k, p_client -> k);
      else
        v_conflicts := v_conflicts || k;
        if v_client_wins then
          v_apply := v_apply || jsonb_build_object(k, p_client -> k);
        end if;
      end if;
    end loop;
  end if;

  if cardinality(v_conflicts) = 0 then
    return jsonb_build_object('status', 'merged', 'apply', v_apply);
  end if;
  -- pick(p_client, …), pick(p_base, …) less the fields the base does not hold, pick(p_cur, …).
  select coalesce(jsonb_object_agg(x, p_client -> x), '{}'::jsonb),
         coalesce(jsonb_object_agg(x, p_base -> x) filter (where p_base ? x), '{}'::jsonb),
         coalesce(jsonb_object_agg(x, p_cur -> x), '{}'::jsonb)
    into v_picked, v_base, v_server
  from unnest(v_conflicts) x;
  return jsonb_build_object(
    'status', 'conflict',
    'apply', v_apply,
    'fields', to_jsonb(v_conflicts),
    'base', v_base,
    'server', v_server,
    'client', coalesce(v_client, v_picked),
    'winner', case when v_client_wins then 'client' else 'server' end,
    'server_ts', v_server_ts);
end
$$;
