-- An organization keeps at least one admin (issue 13's members screen): an admin who demotes
-- or removes the last admin, themselves included, would leave nobody able to assign sites or
-- change roles, and only the operator could repair it. Checked for API callers; the operator
-- (service role, SQL) and cascades from deleting an account are not stopped.
create or replace function business_private.keep_an_admin() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(auth.role(), '') <> 'authenticated' or old.role <> 'admin' then
    return coalesce(new, old);
  end if;
  if tg_op = 'UPDATE' and new.role = 'admin' then
    return new;
  end if;
  if not exists (
    select 1 from public.organization_members m
    where m.organization_id = old.organization_id and m.role = 'admin' and m.user_id <> old.user_id
  ) then
    raise exception 'an organization needs at least one admin: make someone else admin first'
      using errcode = '23514', constraint = 'organization_members_one_admin';
  end if;
  return coalesce(new, old);
end
$$;
revoke execute on function business_private.keep_an_admin() from public, anon, authenticated;

drop trigger if exists keep_an_admin on public.organization_members;
create trigger keep_an_admin before update of role or delete on public.organization_members
  for each row execute function business_private.keep_an_admin();
