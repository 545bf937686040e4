-- Moves a domain's ready time later (never earlier): a server's Retry-After, or a blacklisted domain set aside. A
-- domain with nothing queued enters the index with that time, so a request pushed next (a retry) waits for it too;
-- if nothing comes, the next pop attempt finds the queue empty and drops the domain from the index.
-- KEYS[1] cc:ready:<spiderid>   ARGV[1] domain   ARGV[2] not before (epoch ms)
-- Returns 1 when the ready time was moved, 0 when the domain was already ready later.
local ready = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not ready or tonumber(ready) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
