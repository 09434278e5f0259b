-- Takes back a send that send-target counted but another limit (client IP, user or gateway SMS budget) refused:
-- the new code goes, the cooldown and the count are given back, and the previous live code lives again.
-- KEYS: 1 cooldown, 2 sends/hour, 3 live-code pointer, 4 the refused code (all one hash tag). ARGV: 1 previous code key or ''.
if redis.call('GET', KEYS[3]) == KEYS[4] then
  local left = ARGV[1] ~= '' and redis.call('PTTL', ARGV[1]) or -2
  if left > 0 then redis.call('SET', KEYS[3], ARGV[1], 'PX', left) else redis.call('DEL', KEYS[3]) end
end
redis.call('DEL', KEYS[4], KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
