-- Takes one token from a client IP's bucket. KEYS[1] = the bucket. ARGV: 1 burst, 2 tokens per minute.
-- Returns 0, or the ms until a token is available (taking nothing).
return take_token(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
