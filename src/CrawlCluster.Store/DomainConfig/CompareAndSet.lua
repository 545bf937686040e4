-- Replaces the domain configuration only if nobody changed it since it was read (optimistic concurrency).
-- KEYS[1] cc:config:<document>  (hash: version, yaml)   ARGV[1] the version read   ARGV[2] the new YAML
-- Returns the new version, or -1 when the version moved on (the caller reads again and retries).
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return -1
end
redis.call('HSET', KEYS[1], 'yaml', ARGV[2], 'version', current + 1)
return current + 1
