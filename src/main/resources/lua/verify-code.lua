-- Checks a code and, when right, turns it into a verification token, atomically and once.
-- KEYS[1] = pending code, KEYS[2] = verification token to create.
-- ARGV[1] = HMAC of the offered code, ARGV[2] = max wrong tries, ARGV[3] = token ttl in ms.
-- Returns {'missing'} | {'exhausted'} | {'wrong', attempts_left} | {'ok'}.
local f = redis.call('HMGET', KEYS[1], 'mac', 'attempts', 'target', 'channel', 'user', 'purpose')
if not f[1] then return {'missing'} end
local max = tonumber(ARGV[2])
local attempts = tonumber(f[2])
if attempts >= max then return {'exhausted'} end
if f[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'target', f[3], 'channel', f[4], 'user', f[5], 'purpose', f[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return {'ok'}
end
attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return {'wrong', tostring(max - attempts)}
