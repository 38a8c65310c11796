-- A profile's email is a copy of the user's address in auth.users (the journal and record
-- history show it as the author). Users cannot change it through the API; when Auth changes
-- it (an admin's updateUserById, a confirmed email change), the copy follows, or history would
-- name people by an address they no longer have.

create function business_private.follow_auth_email() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.profiles set email = new.email where id = new.id;
  return new;
end
$$;

revoke execute on function business_private.follow_auth_email() from public, anon, authenticated;

create trigger on_auth_user_email_changed after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function business_private.follow_auth_email();
