-- Takes a hash: returns {pttl, values of the named fields...} and deletes it, or {} when it does not exist.
-- KEYS[1] = key; ARGV = field names.
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local values = redis.call('HMGET', KEYS[1], unpack(ARGV))
local reply = {redis.call('PTTL', KEYS[1])}
for i = 1, #values do reply[i + 1] = values[i] or '' end
redis.call('DEL', KEYS[1])
return reply
