-- Records a page's request fingerprints for a crawl and says which were new (the original's RFPDupeFilter, CONTRACT.md
-- B 2.3), in one call for all of them.
-- KEYS[1] <spider>:dupefilter:<crawlid>   KEYS[2] cc:dupeattempt:<spider>:<crawlid>:<attempt> (used when ARGV[2] > 0)
-- ARGV[1] DUPEFILTER_TIMEOUT seconds   ARGV[2] seconds to remember the attempt (0: no attempt)   ARGV[3..] fingerprints
-- Returns one entry per fingerprint, in order: 1 when it was new, 0 when it was seen (a fingerprint repeated in the
-- call is new the first time only). The TTL slides on every check, as in the original. Under an attempt, what this
-- attempt found new stays new when the same attempt checks again: a crawler that died before queueing the requests
-- leaves them to the next crawl of the page instead of losing them.
local attempt = tonumber(ARGV[2]) > 0
-- Only a replay (the attempt was begun before and not ended) needs its set read; a first check only writes it.
local replay = attempt and redis.call('EXISTS', KEYS[2]) == 1
local added = {}
local in_call = {}
for i = 3, #ARGV do
  local fingerprint = ARGV[i]
  local new = redis.call('SADD', KEYS[1], fingerprint)
  if new == 1 then
    if attempt then
      redis.call('SADD', KEYS[2], fingerprint)
    end
  elseif replay and not in_call[fingerprint] and redis.call('SISMEMBER', KEYS[2], fingerprint) == 1 then
    new = 1
  end
  in_call[fingerprint] = true
  added[i - 2] = new
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
if attempt then
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return added
