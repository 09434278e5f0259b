-- Checks a target's own send limits and, when they allow it, counts the send, starts the cooldown, stores the new
-- code and makes it the target's live code. All keys share the target's hash tag (one Redis Cluster slot).
-- KEYS: 1 failures, 2 cooldown, 3 sends/hour, 4 live-code pointer, 5 the new code.
-- ARGV: 1 failure cap, 2 cooldown ms, 3 sends/hour cap, 4 code ttl ms, 5.. code field/value pairs.
-- Returns {'ok', previous live code key or ''} or {'target', kind, retry_after_ms}.
-- The previous code is not deleted: it is dead because the pointer no longer names it, and undo-send can revive it.
if count(KEYS[1]) >= tonumber(ARGV[1]) then return {'target', 'lockout', redis.call('PTTL', KEYS[1])} end
local cooling = redis.call('PTTL', KEYS[2])
if cooling > 0 then return {'target', 'cooldown', cooling} end
if count(KEYS[3]) >= tonumber(ARGV[3]) then return {'target', 'cap', redis.call('PTTL', KEYS[3])} end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
bump(KEYS[3], HOUR)
local previous = redis.call('GET', KEYS[4]) or ''
redis.call('SET', KEYS[4], KEYS[5], 'PX', ARGV[4])
redis.call('DEL', KEYS[5])
redis.call('HSET', KEYS[5], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[5], ARGV[4])
return {'ok', previous}
