-- The original's throttled pop (RedisThrottledQueue.allowed + pop) as one atomic step; ThrottleCheck.lua is prepended.
-- KEYS[1] queue (zset, score -priority)   KEYS[2] window (zset of pop times)   KEYS[3] moderation (last pop time)
-- ARGV[1] now, epoch seconds as text      ARGV[2] window seconds             ARGV[3] limit
-- ARGV[4] moderated (1/0)                  ARGV[5] elastic (1/0)              ARGV[6] this process's pops so far (capped at limit)
-- ARGV[7] elastic buffer                   ARGV[8] a unique suffix for the window member
-- Returns {1, member} | {0, "limit"} | {0, "moderated"} | {0, "empty"}. Unlike the original, no hit is recorded when
-- the queue is empty (B 8.1 #12).
local window = tonumber(ARGV[2])
local refusal, _, _, moderate = throttle_check(KEYS[2], KEYS[3], tonumber(ARGV[1]), window, tonumber(ARGV[3]),
  ARGV[4] == '1', ARGV[5] == '1', tonumber(ARGV[6]), tonumber(ARGV[7]))
if refusal then
  return {0, refusal}
end

local item = redis.call('ZRANGE', KEYS[1], 0, 0)
if #item == 0 then
  return {0, 'empty'}
end

redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
throttle_record(KEYS[2], KEYS[3], ARGV[1], ARGV[8], window, moderate)
return {1, item[1]}
