-- Counts one event in a fixed time window (the original's TimeWindow, CONTRACT.md B 6.1): only while the window is open.
-- KEYS[1] window key (zset of event times)   ARGV[1] now, epoch seconds as text   ARGV[2] window start (seconds)
-- ARGV[3] window seconds   ARGV[4] unique suffix
-- Returns the count in the window, or -1 when the window is closed and nothing was counted.
local now = tonumber(ARGV[1])
local start = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
if now - start >= window then
  return -1
end
redis.call('ZADD', KEYS[1], now, ARGV[1] .. ':' .. ARGV[4])
-- As the original's expire(): scores before start - 1 or from start + window on fall out.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (start - 1))
redis.call('ZREMRANGEBYSCORE', KEYS[1], start + window, '+inf')
return redis.call('ZCARD', KEYS[1])
