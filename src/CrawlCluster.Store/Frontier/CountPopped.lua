-- Moves one request of a crawl from pending to in flight. Runs right after LeasePop, which cannot know the crawl's keys
-- before it has read the member; until it runs the request still counts as pending, so a crawl never looks finished.
-- KEYS[1] cc:crawl:<spiderid>:<appid>:<crawlid>   KEYS[2] cc:crawlstats:<spiderid>:<appid>:<crawlid>
-- KEYS[3] cc:appcrawls:<spiderid>:<appid>   KEYS[4] cc:leases:<spiderid>   KEYS[5] cc:leasecounted:<spiderid>
-- ARGV[1] backlog field '<priority>|<domain>'   ARGV[2] crawlid   ARGV[3] lease id
-- ARGV[4] '1' when the request was never counted: another program queued it (whole score) and no scan adopted it yet
-- The lease is marked counted, so that Requeue and Ack undo exactly what was done: a crawler that dies between
-- LeasePop and this script leaves a lease still counted as pending, which its requeue must not count again.
-- Returns 0 (and counts nothing) when the lease is already gone: it expired and was requeued meanwhile.
if not redis.call('ZSCORE', KEYS[4], ARGV[3]) then
  return 0
end
redis.call('SADD', KEYS[5], ARGV[3])
redis.call('HINCRBY', KEYS[1], 'inflight', 1)
if ARGV[4] == '1' then
  return 1
end
local pending = tonumber(redis.call('HGET', KEYS[1], 'pending') or '0')
if pending > 0 then
  redis.call('HINCRBY', KEYS[1], 'pending', -1)
end
-- Clamped: the figures never go below zero, whatever was done to the keys by hand.
if tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') > 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
else
  redis.call('HDEL', KEYS[2], ARGV[1])
  if redis.call('HLEN', KEYS[2]) == 0 then
    redis.call('SREM', KEYS[3], ARGV[2])
  end
end
return 1
