-- Events in a rolling time window: trims what left it, then sums the members' counts (see RollingWindowIncrement.lua);
-- a member without a count, as the original writes them, is one event.
-- KEYS[1] stats key (zset)   ARGV[1] now, epoch seconds   ARGV[2] window seconds
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[2])))
local total = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local count = string.match(member, '^[^:]+:[^:]+:(%d+)$')
  total = total + (count and tonumber(count) or 1)
end
return total
