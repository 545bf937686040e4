-- Pops the lowest-scored member (the highest priority) of a priority queue, as the original's MULTI ZRANGE +
-- ZREMRANGEBYRANK did, in one step.
-- KEYS[1] the queue   Returns the member, or nil when the queue is empty.
local item = redis.call('ZRANGE', KEYS[1], 0, 0)
if #item == 0 then
  return nil
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
return item[1]
