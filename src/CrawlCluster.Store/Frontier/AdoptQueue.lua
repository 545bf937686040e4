-- Puts a queue another program wrote in the ready index, and lists the requests in it that no backlog counts yet. The
-- original's components score a request −priority, a whole number; ours always carry a fraction (QueueScore), which
-- AdoptRequests.lua gives a request when it counts it. So the uncounted are the whole scores, found per priority level
-- with two O(log n) look-ups, whatever the queue's length, and never the members themselves read.
-- KEYS[1] <spiderid>:<domain>:queue   KEYS[2] cc:ready:<spiderid>
-- ARGV[1] now (ms)   ARGV[2] domain   ARGV[3] most requests to list
-- Returns {1 when the domain was new to the index else 0, member, score, member, score, ...}.
if redis.call('ZCARD', KEYS[1]) == 0 then
  return {0}
end
local result = {redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[2])}
local limit = tonumber(ARGV[3])
local listed = 0
local above = '-inf'
-- A level is −priority: the original's whole score and ours, up to half a point above it.
for _ = 1, 1000 do
  local first = redis.call('ZRANGEBYSCORE', KEYS[1], above, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #first == 0 then
    break
  end
  local level = math.floor(tonumber(first[2]) + 0.5)
  local found = redis.call('ZRANGEBYSCORE', KEYS[1], level, level, 'WITHSCORES', 'LIMIT', 0, limit - listed)
  for i = 1, #found do
    result[#result + 1] = found[i]
  end
  listed = listed + math.floor(#found / 2)
  if listed >= limit then
    break
  end
  above = '(' .. (level + 0.5)
end
return result
