-- Takes the verification token for a bind, atomically. KEYS[1] = verification token.
-- ARGV[1] = caller's user id, ARGV[2] = target, ARGV[3] = purpose.
-- Returns {'token_invalid'} | {'target_mismatch'} | {'purpose_mismatch'} | {'ok', channel, pttl}.
-- Nothing is taken unless everything matches; the caller puts the token back if the CloudBase write fails.
-- (The sudo grant is checked just before, on its own key: it is read, never spent, so no atomicity is lost.)
local f = redis.call('HMGET', KEYS[1], 'user', 'target', 'channel', 'purpose')
if not f[1] or f[1] ~= ARGV[1] then return {'token_invalid'} end
if f[2] ~= ARGV[2] then return {'target_mismatch'} end
if f[4] ~= ARGV[3] then return {'purpose_mismatch'} end
local pttl = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1])
return {'ok', f[3], tostring(pttl)}
