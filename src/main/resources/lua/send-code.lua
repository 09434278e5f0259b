-- Checks every send limit and, when all allow it, counts the send and stores the new code in place of the
-- target's previous one: one round trip, all or nothing.
-- KEYS: 1 target failures, 2 ip bucket, 3 target cooldown, 4 target sends/hour, 5 user SMS/day, 6 global SMS/hour,
--       7 target's latest code pointer, 8 the new code.
-- ARGV: 1 failure cap, 2 ip burst, 3 ip per minute, 4 cooldown ms, 5 target cap, 6 '1' for SMS, 7 user SMS cap,
--       8 global SMS cap, 9 code ttl ms, 10.. code field/value pairs.
-- Returns {'ok'} or {scope, kind, retry_after_ms}.
if count(KEYS[1]) >= tonumber(ARGV[1]) then return {'target', 'lockout', redis.call('PTTL', KEYS[1])} end
local wait = take_token(KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]))
if wait > 0 then return {'ip', 'cap', wait} end
local cooling = redis.call('PTTL', KEYS[3])
if cooling > 0 then return {'target', 'cooldown', cooling} end
if count(KEYS[4]) >= tonumber(ARGV[5]) then return {'target', 'cap', redis.call('PTTL', KEYS[4])} end
local sms = ARGV[6] == '1'
if sms then
  if count(KEYS[5]) >= tonumber(ARGV[7]) then return {'user', 'cap', redis.call('PTTL', KEYS[5])} end
  if count(KEYS[6]) >= tonumber(ARGV[8]) then return {'global', 'cap', redis.call('PTTL', KEYS[6])} end
end
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
bump(KEYS[4], HOUR)
if sms then
  bump(KEYS[5], DAY)
  bump(KEYS[6], HOUR)
end
local previous = redis.call('GET', KEYS[7])
if previous then redis.call('DEL', previous) end
redis.call('SET', KEYS[7], KEYS[8], 'PX', ARGV[9])
redis.call('DEL', KEYS[8])
redis.call('HSET', KEYS[8], unpack(ARGV, 10))
redis.call('PEXPIRE', KEYS[8], ARGV[9])
return {'ok'}
