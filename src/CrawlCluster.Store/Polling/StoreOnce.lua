-- Stores an answer for /poll unless one is stored already or it was taken: every gateway instance that did not wait
-- for an answer stores it, and the first copy wins.
-- KEYS[1] rest:poll:<uuid>   KEYS[2] rest:poll-taken:<uuid>   ARGV[1] the answer   ARGV[2] seconds to keep it
-- Returns 1 when stored, 0 when not.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then
  return 1
end
return 0
