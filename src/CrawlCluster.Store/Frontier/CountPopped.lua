-- Moves one request of a crawl from pending to in flight. Runs right after LeasePop, which cannot know the crawl's key
-- before it has read the member; until it runs the request still counts as pending, so a crawl never looks finished.
-- KEYS[1] cc:crawl:<spiderid>:<appid>:<crawlid>
local pending = tonumber(redis.call('HGET', KEYS[1], 'pending') or '0')
if pending > 0 then
  redis.call('HINCRBY', KEYS[1], 'pending', -1)
end
redis.call('HINCRBY', KEYS[1], 'inflight', 1)
return 1
