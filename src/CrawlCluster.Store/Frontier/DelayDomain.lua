-- Moves a domain's ready time later (never earlier): a server's Retry-After, or a blacklisted domain set aside.
-- KEYS[1] cc:ready:<spiderid>   ARGV[1] domain   ARGV[2] not before (epoch ms)
-- Returns 1 when the domain was delayed, 0 when it is not in the index (nothing queued) or already ready later.
local ready = redis.call('ZSCORE', KEYS[1], ARGV[1])
if ready and tonumber(ready) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
