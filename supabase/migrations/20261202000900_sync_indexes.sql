-- Indexes the sync functions use, and none they do not.
-- A push looks a mutation up by row when it follows a merged insert, and the retention purge
-- deletes by age.
create index if not exists sync_mutations_row_idx on business.sync_mutations (row_id);
create index if not exists sync_mutations_received_at_idx on business.sync_mutations (received_at);

-- energy_production is the largest table. Its reads on the server are by site (RLS, counts,
-- backfill: site_txid), by cursor (txid), by reading key (collisions) and by equipment (the
-- equipment keys); devices compute everything else from their own copy. The organization and
-- site-period indexes served no query (the author indexes went with their foreign keys).
drop index if exists business.energy_production_organization_id_idx;
drop index if exists business.energy_production_site_period_idx;
