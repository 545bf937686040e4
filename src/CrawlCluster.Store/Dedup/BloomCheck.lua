-- Records a page's fingerprints in a crawl's Bloom filter and says which may have been seen (DESIGN.md, issue 4), in
-- one call for all of them.
-- KEYS[1] cc:bloom:<spider>:<crawlid> (a bitmap)   KEYS[2] cc:dupeattempt:<spider>:<crawlid>:<attempt> (used when ARGV[3] > 0)
-- ARGV[1] TTL seconds   ARGV[2] bit positions per fingerprint (k)   ARGV[3] seconds to remember the attempt (0: none)
-- ARGV[4..] the fingerprints' bit positions, k after k
-- Returns one entry per fingerprint, in order: 1 when at least one of its bits was clear (new), 0 when all were set
-- (seen, or a false positive). Under an attempt, what it found new stays new for the same attempt (DupeCheck.lua).
local k = tonumber(ARGV[2])
local attempt = tonumber(ARGV[3]) > 0
local replay = attempt and redis.call('EXISTS', KEYS[2]) == 1
local new = {}
local in_call = {}
local n = 0
for first = 4, #ARGV, k do
  local fresh = 0
  for i = first, first + k - 1 do
    if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then
      fresh = 1
    end
  end
  local id = table.concat(ARGV, ',', first, first + k - 1)
  if fresh == 1 then
    if attempt then
      redis.call('SADD', KEYS[2], id)
    end
  elseif replay and not in_call[id] and redis.call('SISMEMBER', KEYS[2], id) == 1 then
    fresh = 1
  end
  in_call[id] = true
  n = n + 1
  new[n] = fresh
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
if attempt then
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return new
