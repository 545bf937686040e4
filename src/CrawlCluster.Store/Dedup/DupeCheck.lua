-- Records a request fingerprint for a crawl and says whether it was new (the original's RFPDupeFilter, CONTRACT.md B 2.3).
-- KEYS[1] <spider>:dupefilter:<crawlid>   ARGV[1] fingerprint   ARGV[2] DUPEFILTER_TIMEOUT seconds
-- Returns 1 when the fingerprint is new, 0 when it was seen. The TTL slides on every check, as in the original.
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return added
