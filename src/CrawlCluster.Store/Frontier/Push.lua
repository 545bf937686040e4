-- Queues a request and marks its domain ready (DESIGN.md 6.2).
-- KEYS[1] <spiderid>:<domain>:queue   KEYS[2] cc:ready:<spiderid>   KEYS[3] cc:crawl:<spiderid>:<appid>:<crawlid>
-- KEYS[4] cc:crawlstats:<spiderid>:<appid>:<crawlid>   KEYS[5] cc:appcrawls:<spiderid>:<appid>
-- KEYS[6] cc:pushed:<push id>, read only when ARGV[7] > 0   KEYS[7] cc:active (crawls not announced complete)
-- ARGV[1] member (the original's JSON)   ARGV[2] score (QueueScore)   ARGV[3] domain   ARGV[4] now (ms)
-- ARGV[5] priority   ARGV[6] crawlid   ARGV[7] seconds to remember the push id (0: no id)
-- ARGV[8] the crawl as '<spiderid>:<appid>:<crawlid>' in cc:active
-- Returns 0 when the member was already queued or its push id was seen (pushes are idempotent, a redelivered request
-- keeps its place, and a redelivered bus message, whose member differs by its 'ts', is not queued twice); 1 when it is
-- new; 2 when it is new and its domain entered the ready index, the only case idle crawlers need waking for (a domain
-- already in the index wakes them by its ready time).
if tonumber(ARGV[7]) > 0 then
  if not redis.call('SET', KEYS[6], '1', 'NX', 'EX', ARGV[7]) then
    return 0
  end
end
local added = redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
if added == 1 then
  redis.call('HINCRBY', KEYS[3], 'pending', 1)
  redis.call('HSETNX', KEYS[3], 'first', ARGV[4])
  redis.call('HSET', KEYS[3], 'last', ARGV[4])
  redis.call('SADD', KEYS[7], ARGV[8])
  redis.call('HINCRBY', KEYS[4], ARGV[5] .. '|' .. ARGV[3], 1)
  redis.call('SADD', KEYS[5], ARGV[6])
end
-- A domain already in the index keeps its ready time (it may be throttled); a new one is ready now.
if redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[3]) == 1 and added == 1 then
  return 2
end
return added
