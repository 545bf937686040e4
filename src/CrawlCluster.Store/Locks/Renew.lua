-- Extends a job lock if this holder still owns it.
-- KEYS[1] lock:<key>   ARGV[1] the holder's token   ARGV[2] new expiry in ms
-- Returns 1 when extended, 0 when the lock was lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
