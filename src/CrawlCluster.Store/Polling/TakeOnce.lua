-- Takes a stored answer for /poll: returns it, deletes it and remembers that it was taken, so that a copy another
-- gateway instance stores late is not handed out again.
-- KEYS[1] rest:poll:<uuid>   KEYS[2] rest:poll-taken:<uuid>   ARGV[1] seconds to remember   Returns the value, or nil.
local value = redis.call('GET', KEYS[1])
if value then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
end
return value
