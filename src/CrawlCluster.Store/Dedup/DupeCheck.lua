-- Records a page's request fingerprints for a crawl and says which were new (the original's RFPDupeFilter, CONTRACT.md
-- B 2.3), in one call for all of them.
-- KEYS[1] <spider>:dupefilter:<crawlid>   ARGV[1] DUPEFILTER_TIMEOUT seconds   ARGV[2..] fingerprints
-- Returns one entry per fingerprint, in order: 1 when it was new, 0 when it was seen (a fingerprint repeated in the
-- call is new the first time only). The TTL slides on every check, as in the original.
local added = {}
for i = 2, #ARGV do
  added[i - 1] = redis.call('SADD', KEYS[1], ARGV[i])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return added
