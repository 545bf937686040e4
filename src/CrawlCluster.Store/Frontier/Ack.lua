-- Ends a lease: the result is safely on the bus (done), it was given up (failed) or queued again (retried).
-- KEYS[1] cc:leases:<spiderid>   KEYS[2] cc:leasedata:<spiderid>   KEYS[3] cc:crawl:<spiderid>:<appid>:<crawlid>
-- KEYS[4] cc:leasecounted:<spiderid>
-- ARGV[1] lease id   ARGV[2] the counter: done, failed or retried   ARGV[3] now (ms), the crawl's last activity
-- Returns 1, or 0 when the lease had already expired and the request gone back to its queue.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
-- A lease never counted in flight still counts as pending.
local from = redis.call('SREM', KEYS[4], ARGV[1]) == 1 and 'inflight' or 'pending'
local current = tonumber(redis.call('HGET', KEYS[3], from) or '0')
if current > 0 then
  redis.call('HINCRBY', KEYS[3], from, -1)
end
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
redis.call('HSET', KEYS[3], 'last', ARGV[3])
return 1
