-- Takes a verification token that proves one of the caller's own contacts, atomically.
-- KEYS[1] = verification token. ARGV[1] = caller's user id, ARGV[2] = purpose, ARGV[3..] = the caller's contacts.
-- Returns {'token_invalid'} | {'purpose_mismatch'} | {'target_mismatch'} | {'ok', target}.
local f = redis.call('HMGET', KEYS[1], 'user', 'target', 'purpose')
if not f[1] or f[1] ~= ARGV[1] then return {'token_invalid'} end
if f[3] ~= ARGV[2] then return {'purpose_mismatch'} end
for i = 3, #ARGV do
  if ARGV[i] == f[2] then
    redis.call('DEL', KEYS[1])
    return {'ok', f[2]}
  end
end
return {'target_mismatch'}
