-- Writes a hash together with its expiry. KEYS[1] = key.
-- ARGV[1] = 'replace' (overwrite) or 'restore' (only if the key is absent), ARGV[2] = ttl in ms, ARGV[3..] = field, value pairs.
-- Returns 1 when written, 0 when a 'restore' found the key already there.
if ARGV[1] == 'restore' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
else
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
