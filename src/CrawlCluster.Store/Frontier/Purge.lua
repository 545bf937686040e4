-- Removes requests of one crawl from one domain queue (stop and expire), keeping the crawl's counters true.
-- KEYS[1] <spiderid>:<domain>:queue   KEYS[2] cc:ready:<spiderid>   KEYS[3] cc:crawl:<spiderid>:<appid>:<crawlid>
-- KEYS[4] cc:crawlstats:<spiderid>:<appid>:<crawlid>   KEYS[5] cc:appcrawls:<spiderid>:<appid>
-- ARGV[1] domain   ARGV[2] crawlid   ARGV[3..] members the caller matched to the crawl
-- Returns how many were still queued and are now removed; one popped meanwhile is left to its crawler.
local removed = 0
local counted = 0
for i = 3, #ARGV do
  local score = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]))
  if score then
    redis.call('ZREM', KEYS[1], ARGV[i])
    removed = removed + 1
    -- A whole score: another program queued it and no scan adopted it, so it was never counted (AdoptQueue.lua).
    if score ~= math.floor(score) then
      counted = counted + 1
      local field = math.floor(-score + 0.5) .. '|' .. ARGV[1]
      if tonumber(redis.call('HGET', KEYS[4], field) or '0') > 1 then
        redis.call('HINCRBY', KEYS[4], field, -1)
      else
        redis.call('HDEL', KEYS[4], field)
      end
    end
  end
end
-- Clamped, and never by 0: Lua 5.1 would send -0 as '-0', which HINCRBY refuses.
local pending = tonumber(redis.call('HGET', KEYS[3], 'pending') or '0')
if counted > 0 and pending > 0 then
  redis.call('HINCRBY', KEYS[3], 'pending', -math.min(pending, counted))
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if redis.call('HLEN', KEYS[4]) == 0 then
  redis.call('SREM', KEYS[5], ARGV[2])
end
return removed
