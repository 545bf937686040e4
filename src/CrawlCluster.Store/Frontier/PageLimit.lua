-- The original's per-crawl page limits (CONTRACT.md Part B §2.3 steps 3-4), in one atomic step.
-- KEYS[1] <spider>:domain_max_page_filter:<domain>:<crawlid> (or global_page_count_filter)
-- ARGV[1] limit   ARGV[2] TTL seconds   ARGV[3] refresh the TTL when the limit was already reached (1/0)
-- Returns 1 when the request may be queued, 0 when the limit is reached (the seed plus limit - 1 children pass).
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[1])
if count >= limit then
  if ARGV[3] == '1' then
    redis.call('EXPIRE', KEYS[1], ARGV[2])
  end
  return 0
end
count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if count >= limit then
  return 0
end
return 1
