-- Checks a code and, when right, turns it into a verification token, atomically and once.
-- KEYS: 1 pending code, 2 verification token to create, 3 the target's failure counter, 4 the target's live-code
-- pointer. All four carry the target's hash tag, so the script stays on one Redis Cluster slot. The caller reads 3 and
-- 4 from the code's 'fkey' and 'lkey' fields (a verification id carries only its target's bucket); a code whose fields
-- name other keys, or that the pointer no longer names (it was replaced), is 'missing'.
-- ARGV: 1 HMAC of the offered code, 2 max wrong tries per code, 3 token ttl ms, 4 failures per target per day.
-- Returns {'missing'} | {'locked', retry_ms} | {'exhausted'} | {'wrong', attempts_left} | {'ok'}.
local f = redis.call('HMGET', KEYS[1], 'mac', 'attempts', 'target', 'channel', 'user', 'purpose', 'fkey', 'lkey')
if not f[1] or f[7] ~= KEYS[3] or f[8] ~= KEYS[4] or redis.call('GET', KEYS[4]) ~= KEYS[1] then return {'missing'} end
local cap = tonumber(ARGV[4])
if count(KEYS[3]) >= cap then return {'locked', redis.call('PTTL', KEYS[3])} end
local max = tonumber(ARGV[2])
local attempts = tonumber(f[2])
if attempts >= max then return {'exhausted'} end
if f[1] == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
  redis.call('HSET', KEYS[2], 'target', f[3], 'channel', f[4], 'user', f[5], 'purpose', f[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return {'ok'}
end
attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local failures = bump(KEYS[3], DAY)
local left = math.max(0, math.min(max - attempts, cap - failures))
return {'wrong', left}
