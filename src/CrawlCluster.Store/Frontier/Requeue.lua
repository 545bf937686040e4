-- Puts a leased request back into its queue: on release (graceful stop) or when its lease expired (the crawler died).
-- KEYS[1] cc:leases:<spiderid>   KEYS[2] cc:leasedata:<spiderid>   KEYS[3] the request's queue   KEYS[4] cc:ready:<spiderid>
-- KEYS[5] cc:crawl:<spiderid>:<appid>:<crawlid>   KEYS[6] cc:crawlstats:<spiderid>:<appid>:<crawlid>
-- KEYS[7] cc:appcrawls:<spiderid>:<appid>   KEYS[8] cc:leasecounted:<spiderid>
-- ARGV[1] lease id   ARGV[2] only if the deadline is before this (ms), or '+inf' to release now
-- ARGV[3] score   ARGV[4] member   ARGV[5] domain   ARGV[6] now (ms)   ARGV[7] backlog field '<priority>|<domain>'
-- ARGV[8] crawlid   ARGV[9] the score when the lease was counted: ours, given to a request another program queued, so
-- that the adoption scan does not count it a second time
-- Returns 1 when requeued, 0 when the lease was already gone or not yet expired.
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not deadline then
  return 0
end
if ARGV[2] ~= '+inf' and tonumber(deadline) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
-- Not counted (its crawler died between LeasePop and CountPopped): it still counts as pending and in the backlog, or,
-- queued by another program, still waits for the adoption scan.
local counted = redis.call('SREM', KEYS[8], ARGV[1]) == 1
redis.call('ZADD', KEYS[3], counted and ARGV[9] or ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], 'NX', ARGV[6], ARGV[5])
if counted then
  local inflight = tonumber(redis.call('HGET', KEYS[5], 'inflight') or '0')
  if inflight > 0 then
    redis.call('HINCRBY', KEYS[5], 'inflight', -1)
  end
  redis.call('HINCRBY', KEYS[5], 'pending', 1)
  redis.call('HINCRBY', KEYS[6], ARGV[7], 1)
  redis.call('SADD', KEYS[7], ARGV[8])
end
return 1
