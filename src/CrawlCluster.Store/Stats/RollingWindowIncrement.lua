-- Counts one event in a rolling time window (the original's RollingTimeWindow, CONTRACT.md B 6.1) and trims it.
-- KEYS[1] stats key (zset of event times)   ARGV[1] now, epoch seconds as text   ARGV[2] window seconds   ARGV[3] unique suffix
-- ARGV[4] how many events (default 1; a buffered recorder counts several at once)
-- Returns the count in the window. Members are unique (the original's float-text members collided, B 8.1 #27); the key
-- gets a TTL of twice the window, so counters of hosts that went away disappear instead of freezing forever.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local events = tonumber(ARGV[4] or '1')
for i = 1, events do
  redis.call('ZADD', KEYS[1], now, ARGV[1] .. ':' .. ARGV[3] .. ':' .. i)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
redis.call('EXPIRE', KEYS[1], math.floor(window * 2))
return redis.call('ZCARD', KEYS[1])
