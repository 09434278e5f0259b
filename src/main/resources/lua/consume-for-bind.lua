-- Checks the sudo grant and takes the verification token for a bind, atomically.
-- KEYS[1] = sudo grant, KEYS[2] = verification token. ARGV[1] = caller's user id, ARGV[2] = target, ARGV[3] = purpose.
-- Returns {'sudo_invalid'} | {'token_invalid'} | {'target_mismatch'} | {'purpose_mismatch'} | {'ok', channel, pttl}.
-- Nothing is taken unless everything matches; the caller puts the token back if the CloudBase write fails.
local owner = redis.call('GET', KEYS[1])
if not owner or owner ~= ARGV[1] then return {'sudo_invalid'} end
local f = redis.call('HMGET', KEYS[2], 'user', 'target', 'channel', 'purpose')
if not f[1] or f[1] ~= ARGV[1] then return {'token_invalid'} end
if f[2] ~= ARGV[2] then return {'target_mismatch'} end
if f[4] ~= ARGV[3] then return {'purpose_mismatch'} end
local pttl = redis.call('PTTL', KEYS[2])
redis.call('DEL', KEYS[2])
return {'ok', f[3], tostring(pttl)}
