-- Helpers prepended to the scripts that need them (see LuaScript.load).
local HOUR, DAY = 3600000, 86400000

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Current value of a window counter.
local function count(key)
  return tonumber(redis.call('GET', key) or '0')
end

-- Counts one event in a fixed window that starts with the window's first event.
local function bump(key, window)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, window) end
  return n
end

-- Token bucket: takes one token and returns 0, or returns the ms until one is available (taking nothing).
local function take_token(key, burst, per_minute)
  local now = now_ms()
  local b = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(b[1] or burst)
  local ts = tonumber(b[2] or now)
  tokens = math.min(burst, tokens + (now - ts) * per_minute / 60000)
  if tokens < 1 then
    return math.ceil((1 - tokens) * 60000 / per_minute)
  end
  redis.call('HSET', key, 'tokens', tostring(tokens - 1), 'ts', tostring(now))
  redis.call('PEXPIRE', key, math.ceil(burst * 60000 / per_minute) + 1000)
  return 0
end
