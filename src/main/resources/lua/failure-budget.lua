-- A budget of failures in a fixed window that starts with the window's first failure. KEYS[1] = the counter.
-- ARGV: 1 cap, 2 window ms, 3 'check' (is there budget left?) or 'count' (count one failure).
-- Returns {'ok'}, or for 'check' {'cap', retry_after_ms} once cap failures were counted in the window.
if ARGV[3] == 'count' then
  bump(KEYS[1], tonumber(ARGV[2]))
  return {'ok'}
end
if count(KEYS[1]) >= tonumber(ARGV[1]) then return {'cap', redis.call('PTTL', KEYS[1])} end
return {'ok'}
