-- Checks a code and, when right, turns it into a verification token, atomically and once.
-- KEYS: 1 pending code, 2 verification token to create (both carry the target's hash tag).
-- ARGV: 1 HMAC of the offered code, 2 max wrong tries per code, 3 token ttl ms, 4 failures per target per day.
-- The code hash names its target's failure counter ('fkey') and live-code pointer ('lkey'); they carry the same hash
-- tag, so the script stays on one Redis Cluster slot. A code the pointer no longer names was replaced: 'missing'.
-- Returns {'missing'} | {'locked', retry_ms} | {'exhausted'} | {'wrong', attempts_left} | {'ok'}.
local f = redis.call('HMGET', KEYS[1], 'mac', 'attempts', 'target', 'channel', 'user', 'purpose', 'fkey', 'lkey')
if not f[1] or redis.call('GET', f[8]) ~= KEYS[1] then return {'missing'} end
local cap = tonumber(ARGV[4])
if count(f[7]) >= cap then return {'locked', redis.call('PTTL', f[7])} end
local max = tonumber(ARGV[2])
local attempts = tonumber(f[2])
if attempts >= max then return {'exhausted'} end
if f[1] == ARGV[1] then
  redis.call('DEL', KEYS[1], f[7], f[8])
  redis.call('HSET', KEYS[2], 'target', f[3], 'channel', f[4], 'user', f[5], 'purpose', f[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return {'ok'}
end
attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local failures = bump(f[7], DAY)
local left = math.max(0, math.min(max - attempts, cap - failures))
return {'wrong', left}
