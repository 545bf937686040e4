-- Records a page's fingerprints in a crawl's Bloom filter and says which may have been seen (DESIGN.md, issue 4), in
-- one call for all of them.
-- KEYS[1] cc:bloom:<spider>:<crawlid> (a bitmap)   ARGV[1] TTL seconds   ARGV[2] bit positions per fingerprint (k)
-- ARGV[3..] the fingerprints' bit positions, k after k
-- Returns one entry per fingerprint, in order: 1 when at least one of its bits was clear (new), 0 when all were set
-- (seen, or a false positive).
local k = tonumber(ARGV[2])
local new = {}
local n = 0
for first = 3, #ARGV, k do
  local fresh = 0
  for i = first, first + k - 1 do
    if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then
      fresh = 1
    end
  end
  n = n + 1
  new[n] = fresh
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return new
