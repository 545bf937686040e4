-- Pops the best request of one domain if its throttle allows, and leases it (DESIGN.md 6.1-6.2). ThrottleCheck.lua is
-- prepended, so our crawlers and the original's share one budget.
-- KEYS[1] queue   KEYS[2] throttle window   KEYS[3] throttle moderation   KEYS[4] cc:ready:<spiderid>
-- KEYS[5] cc:leases:<spiderid> (lease id -> deadline ms)   KEYS[6] cc:leasedata:<spiderid> (lease id -> queue, score, domain, member)
-- ARGV[1] now, epoch seconds as text   ARGV[2] window seconds   ARGV[3] limit   ARGV[4] moderated (1/0)
-- ARGV[5] elastic (1/0)   ARGV[6] this process's pops of the domain (capped)   ARGV[7] elastic buffer
-- ARGV[8] unique suffix for the window member   ARGV[9] domain   ARGV[10] lease id   ARGV[11] lease deadline (ms)
-- Returns {1, member, score} | {0, reason, next-ready-ms}; the domain's ready time moves to when a pop may next succeed.
local now = tonumber(ARGV[1])
local now_ms = math.floor(now * 1000)
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local domain = ARGV[9]
local interval = window / limit

local function oldest_expiry()
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #first == 0 then return now_ms end
  return math.floor((tonumber(first[2]) + window) * 1000) + 1
end

local refusal, hits, last, moderate = throttle_check(KEYS[2], KEYS[3], now, window, limit,
  ARGV[4] == '1', ARGV[5] == '1', tonumber(ARGV[6]), tonumber(ARGV[7]))
if refusal then
  local ready_ms = refusal == 'moderated' and math.floor((last + interval) * 1000) + 1 or oldest_expiry()
  redis.call('ZADD', KEYS[4], ready_ms, domain)
  return {0, refusal, ready_ms}
end

local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then
  redis.call('ZREM', KEYS[4], domain)
  return {0, 'empty', 0}
end

redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
throttle_record(KEYS[2], KEYS[3], ARGV[1], ARGV[8], window, moderate)
redis.call('ZADD', KEYS[5], ARGV[11], ARGV[10])
redis.call('HSET', KEYS[6], ARGV[10], KEYS[1] .. '\n' .. item[2] .. '\n' .. domain .. '\n' .. item[1])

if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[4], domain)
elseif moderate then
  redis.call('ZADD', KEYS[4], now_ms + math.floor(interval * 1000), domain)
elseif hits + 1 >= limit then
  redis.call('ZADD', KEYS[4], oldest_expiry(), domain)
else
  redis.call('ZADD', KEYS[4], now_ms, domain)
end
return {1, item[1], item[2]}
