-- Returns a stored answer and deletes it, so it is delivered to one poller only (the Rest service's /poll).
-- KEYS[1] rest:poll:<uuid>   Returns the value, or nil.
local value = redis.call('GET', KEYS[1])
if value then
  redis.call('DEL', KEYS[1])
end
return value
