-- Claims an Idempotency-Key, or says what became of it. KEYS[1] = the key's record.
-- ARGV[1] = fingerprint of the request, ARGV[2] = how long a claim may stay unanswered (ms).
-- Returns {'claimed'} | {'mismatch'} (other request body) | {'running'} | {'done', sealed answer}.
local v = redis.call('HMGET', KEYS[1], 'fp', 'answer')
if not v[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'claimed'}
end
if v[1] ~= ARGV[1] then return {'mismatch'} end
if not v[2] then return {'running'} end
return {'done', v[2]}
