-- The original's throttled pop (Scrapy Cluster's RedisThrottledQueue.allowed + pop), as one atomic step.
-- KEYS[1] queue (zset, score -priority)   KEYS[2] window (zset of pop times)   KEYS[3] moderation (last pop time)
-- ARGV[1] now, epoch seconds as text      ARGV[2] window seconds             ARGV[3] limit
-- ARGV[4] moderated (1/0)                  ARGV[5] elastic (1/0)              ARGV[6] this process's pops so far (capped at limit)
-- ARGV[7] elastic buffer                   ARGV[8] a unique suffix for the window member
-- Returns {1, member} | {0, "limit"} | {0, "moderated"} | {0, "empty"}.
-- Unlike the original: no hit is recorded when the queue is empty (Part B 8.1 #12), the moderation key is written in
-- the same step as the hit (no phantom hit, #13), and window members are unique (no collision, #27).
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local ttl = math.floor(window * 2)
if ttl < 1 then ttl = 1 end

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - window))
local hits = redis.call('ZCARD', KEYS[2])
local moderate = ARGV[4] == '1' and limit ~= 1

if moderate then
  local last = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
  if now - last < window / limit then
    local elastic = ARGV[5] == '1' and tonumber(ARGV[6]) >= limit and (limit - hits) > tonumber(ARGV[7])
    if not elastic then
      return {0, 'moderated'}
    end
  end
end

if hits >= limit then
  return {0, 'limit'}
end

local item = redis.call('ZRANGE', KEYS[1], 0, 0)
if #item == 0 then
  return {0, 'empty'}
end

redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('ZADD', KEYS[2], now, ARGV[1] .. ':' .. ARGV[8])
redis.call('EXPIRE', KEYS[2], ttl)
if moderate then
  redis.call('SET', KEYS[3], ARGV[1], 'EX', ttl)
end
return {1, item[1]}
