-- Counts events in a rolling time window (the original's RollingTimeWindow, CONTRACT.md B 6.1), bounded in size.
-- The original added one member per event, so a busy counter's week window grew to billions of members. Here each
-- writer keeps one member per time bucket (a hundredth of the window, at least a second) that carries its count:
-- '<bucket end>:<writer>:<count>', scored by the bucket's end, so a bucket leaves the window only when all its events
-- have (a window counts at most one bucket too many). Members without a count (the original's float times) count 1.
-- KEYS[1] stats key (zset)   ARGV[1] now, epoch seconds   ARGV[2] window seconds   ARGV[3] bucket end (seconds)
-- ARGV[4] writer id   ARGV[5] events
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local bucket = ARGV[3]
local prefix = bucket .. ':' .. ARGV[4] .. ':'
local count = tonumber(ARGV[5])
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], bucket, bucket)) do
  if string.sub(member, 1, #prefix) == prefix then
    count = count + tonumber(string.sub(member, #prefix + 1))
    redis.call('ZREM', KEYS[1], member)
  end
end
redis.call('ZADD', KEYS[1], bucket, prefix .. count)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - window))
-- Keys of hosts that went away disappear instead of freezing forever (the original's #27).
redis.call('EXPIRE', KEYS[1], math.floor(window * 2))
return count
