-- Records a fingerprint in a crawl's Bloom filter and says whether it may have been seen (DESIGN.md, issue 4).
-- KEYS[1] cc:bloom:<spider>:<crawlid> (a bitmap)   ARGV[1] TTL seconds   ARGV[2..] the fingerprint's bit positions
-- Returns 1 when at least one bit was clear (new), 0 when all were set (seen, or a false positive).
local new = 0
for i = 2, #ARGV do
  if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then
    new = 1
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return new
