-- Counts events in a HyperLogLog (the original's "lifetime" counters) without sending one element per event: the
-- elements '<writer>:<sequence>' are made here, distinct across writers and calls.
-- KEYS[1] HyperLogLog   ARGV[1] writer id   ARGV[2] first sequence number   ARGV[3] events
local unpack = unpack or table.unpack -- Lua 5.1 (Redis) or 5.4 (Garnet)
local writer = ARGV[1]
local first = tonumber(ARGV[2])
local last = first + tonumber(ARGV[3]) - 1
local chunk = {}
for sequence = first, last do
  chunk[#chunk + 1] = writer .. ':' .. sequence
  if #chunk == 500 or sequence == last then
    redis.call('PFADD', KEYS[1], unpack(chunk))
    chunk = {}
  end
end
return 1
