-- The per-application roles and the FLRTS application's tables.
--
-- business_user is a NOLOGIN role reserved for the instance's other business applications;
-- Outpost itself reaches `business` only through the API roles (authenticated under RLS,
-- service_role for operators). It held ALL on every business table, TRUNCATE included, which
-- RLS does not stop, while no policy let it see a row: access nobody used and nobody could
-- reason about. Until an application needs it, it keeps USAGE on the schema and nothing else;
-- giving it access will be a migration with its own policies.

revoke all on all tables in schema business from business_user;
revoke all on all sequences in schema business from business_user;
revoke all on all functions in schema business from business_user;
revoke create on schema business from business_user;
revoke usage on schema business_private from business_user;
alter default privileges in schema business revoke all on tables from business_user;
alter default privileges in schema business revoke all on sequences from business_user;
alter default privileges in schema business revoke execute on functions from business_user;

-- FLRTS (the field reports / tasks assistant that shares this instance, reached over
-- Telegram): its six tables, owned by flrts_user. Its server works as service_role; a signed-in
-- person reads their own rows. `flrts` is not in the API's exposed schemas (config.toml):
-- exposing it is a dashboard / `config.toml [api] schemas` change, and these grants and
-- policies are what the API would then allow.

-- postgres created flrts_user (CREATEROLE): on PostgreSQL 16+ it must also be able to SET ROLE
-- to it before it may hand it ownership.
grant flrts_user to current_user;

create table flrts.telegram_mappings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  telegram_user_id bigint not null unique,
  telegram_username text check (char_length(telegram_username) between 1 and 64),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index telegram_mappings_user_id_idx on flrts.telegram_mappings (user_id);

create table flrts.user_preferences (
  user_id uuid primary key references auth.users (id) on delete cascade,
  timezone text not null default 'UTC' check (char_length(timezone) between 1 and 64),
  language text not null default 'en' check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$'),
  notifications jsonb not null default '{}' check (jsonb_typeof(notifications) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table flrts.nlp_conversations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  channel text not null default 'telegram' check (channel in ('telegram', 'web')),
  input_text text not null check (char_length(input_text) between 1 and 8000),
  parsed jsonb,
  model text check (char_length(model) <= 100),
  status text not null default 'pending'
    check (status in ('pending', 'parsed', 'confirmed', 'rejected', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index nlp_conversations_user_id_idx on flrts.nlp_conversations (user_id, created_at);

create table flrts.task_metadata (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid references flrts.nlp_conversations (id) on delete set null,
  openproject_work_package_id bigint unique,
  created_by uuid references auth.users (id) on delete set null,
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index task_metadata_created_by_idx on flrts.task_metadata (created_by);
create index task_metadata_conversation_id_idx on flrts.task_metadata (conversation_id);

create table flrts.api_usage_logs (
  id bigint generated always as identity primary key,
  user_id uuid references auth.users (id) on delete set null,
  provider text not null check (char_length(provider) between 1 and 100),
  endpoint text not null check (char_length(endpoint) between 1 and 500),
  tokens_in integer check (tokens_in >= 0),
  tokens_out integer check (tokens_out >= 0),
  cost_usd numeric(12, 6) check (cost_usd >= 0),
  http_status integer check (http_status between 100 and 599),
  created_at timestamptz not null default now()
);
create index api_usage_logs_created_at_idx on flrts.api_usage_logs (created_at);

create table flrts.webhook_logs (
  id bigint generated always as identity primary key,
  source text not null check (char_length(source) between 1 and 100),
  event text not null check (char_length(event) between 1 and 200),
  payload jsonb not null,
  status text not null default 'received' check (status in ('received', 'processed', 'failed')),
  error text check (char_length(error) <= 4000),
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
create index webhook_logs_received_at_idx on flrts.webhook_logs (received_at);

create trigger touch_updated_at before update on flrts.telegram_mappings
  for each row execute function public.touch_updated_at();
create trigger touch_updated_at before update on flrts.user_preferences
  for each row execute function public.touch_updated_at();
create trigger touch_updated_at before update on flrts.nlp_conversations
  for each row execute function public.touch_updated_at();
create trigger touch_updated_at before update on flrts.task_metadata
  for each row execute function public.touch_updated_at();

do $$
declare
  t text;
begin
  foreach t in array array['telegram_mappings', 'user_preferences', 'nlp_conversations',
    'task_metadata', 'api_usage_logs', 'webhook_logs'] loop
    execute format('alter table flrts.%I owner to flrts_user', t);
    execute format('alter table flrts.%I enable row level security', t);
    execute format('revoke all on flrts.%I from public, anon, authenticated', t);
    execute format('grant all on flrts.%I to service_role', t);
  end loop;
end
$$;
grant usage on schema flrts to authenticated, service_role;
grant usage on all sequences in schema flrts to service_role;

-- A person reads their own mappings, conversations and tasks and keeps their preferences;
-- usage and webhook logs are the FLRTS server's (service_role) only.
grant select on flrts.telegram_mappings, flrts.nlp_conversations, flrts.task_metadata
  to authenticated;
grant select, insert, update (timezone, language, notifications) on flrts.user_preferences
  to authenticated;

create policy telegram_mappings_select on flrts.telegram_mappings for select to authenticated
  using (user_id = (select auth.uid()));
create policy nlp_conversations_select on flrts.nlp_conversations for select to authenticated
  using (user_id = (select auth.uid()));
create policy task_metadata_select on flrts.task_metadata for select to authenticated
  using (created_by = (select auth.uid()));
create policy user_preferences_select on flrts.user_preferences for select to authenticated
  using (user_id = (select auth.uid()));
create policy user_preferences_insert on flrts.user_preferences for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy user_preferences_update on flrts.user_preferences for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
