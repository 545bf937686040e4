-- Counts requests another program queued (AdoptQueue.lua found them) as Push.lua counts ours, and gives each our score,
-- which marks it counted: a request is adopted once, however many scans find it. Only a request still queued with the
-- score the scan saw is taken; one popped or purged meanwhile is left alone.
-- KEYS[1] <spiderid>:<domain>:queue   KEYS[2] cc:crawl:<spiderid>:<appid>:<crawlid>
-- KEYS[3] cc:crawlstats:<spiderid>:<appid>:<crawlid>   KEYS[4] cc:appcrawls:<spiderid>:<appid>   KEYS[5] cc:active
-- ARGV[1] now (ms)   ARGV[2] crawlid   ARGV[3] the crawl as '<spiderid>:<appid>:<crawlid>' in cc:active
-- ARGV[4..] per request: member, score seen, new score, backlog field '<priority>|<domain>'
-- Returns how many were adopted.
local adopted = 0
for i = 4, #ARGV, 4 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[i + 2], ARGV[i])
    redis.call('HINCRBY', KEYS[3], ARGV[i + 3], 1)
    adopted = adopted + 1
  end
end
if adopted > 0 then
  redis.call('HINCRBY', KEYS[2], 'pending', adopted)
  redis.call('HSETNX', KEYS[2], 'first', ARGV[1])
  redis.call('HSET', KEYS[2], 'last', ARGV[1])
  redis.call('SADD', KEYS[5], ARGV[3])
  redis.call('SADD', KEYS[4], ARGV[2])
end
return adopted
