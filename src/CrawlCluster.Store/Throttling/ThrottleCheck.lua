-- The original's throttle (Scrapy Cluster's RedisThrottledQueue.allowed, CONTRACT.md B 3.3), shared by ThrottledPop.lua
-- and LeasePop.lua: it is prepended to them when they are loaded, so it is written once.
--
-- throttle_check(window_key, moderation_key, now, window, limit, moderated, elastic, pops, buffer)
--   Trims the window, then returns nil when a pop is allowed, else 'moderated' or 'limit'; and in both cases the
--   window's hit count, the last moderated pop time and whether moderation applies.
-- throttle_record(window_key, moderation_key, now_text, unique, window, moderate)
--   Records an allowed pop: a unique window member (no collisions, B 8.1 #27) and, in the same step, the moderation
--   time (no phantom hit, #13); both expire after twice the window.
local function throttle_check(window_key, moderation_key, now, window, limit, moderated, elastic, pops, buffer)
  redis.call('ZREMRANGEBYSCORE', window_key, '-inf', '(' .. (now - window))
  local hits = redis.call('ZCARD', window_key)
  local moderate = moderated and limit ~= 1
  local last = 0
  if moderate then
    last = tonumber(redis.call('GET', moderation_key) or '0') or 0
    if now - last < window / limit then
      -- Elastic: once this process made `limit` pops, moderation is bypassed while the window has room.
      if not (elastic and pops >= limit and (limit - hits) > buffer) then
        return 'moderated', hits, last, moderate
      end
    end
  end
  if hits >= limit then
    return 'limit', hits, last, moderate
  end
  return nil, hits, last, moderate
end

local function throttle_record(window_key, moderation_key, now_text, unique, window, moderate)
  local ttl = math.floor(window * 2)
  if ttl < 1 then ttl = 1 end
  redis.call('ZADD', window_key, tonumber(now_text), now_text .. ':' .. unique)
  redis.call('EXPIRE', window_key, ttl)
  if moderate then
    redis.call('SET', moderation_key, now_text, 'EX', ttl)
  end
end
