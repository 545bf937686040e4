-- Releases a job lock if this holder still owns it, and signals waiters, as python-redis-lock does (CONTRACT.md B 4.1).
-- KEYS[1] lock:<key>   KEYS[2] lock-signal:<key>   ARGV[1] the holder's token
-- Returns 1 when released, 0 when the lock had expired or belongs to someone else (then nothing changes).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('LPUSH', KEYS[2], 1)
redis.call('PEXPIRE', KEYS[2], 1000)
redis.call('DEL', KEYS[1])
return 1
