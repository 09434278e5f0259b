-- Counts one use of a budget in a fixed window, unless it is used up. KEYS[1] = the counter.
-- ARGV: 1 cap, 2 window ms, 3 '1' to count or '-1' to give one back (after another limit refused).
-- Returns {'ok'} or {'cap', retry_after_ms}.
if ARGV[3] == '-1' then
  if count(KEYS[1]) > 0 then redis.call('DECR', KEYS[1]) end
  return {'ok'}
end
if count(KEYS[1]) >= tonumber(ARGV[1]) then return {'cap', redis.call('PTTL', KEYS[1])} end
bump(KEYS[1], tonumber(ARGV[2]))
return {'ok'}
