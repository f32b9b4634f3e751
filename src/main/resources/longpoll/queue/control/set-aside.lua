-- Moves entries that are not messages (written by something else than a sender) out of a
-- client's way, to its dead-letter list, so that the messages behind them flow.
-- KEYS[1]  the client's dead-letter list, deadletter:{messages:<clientId>}
-- KEYS[2]  (optional) its in-flight list, inflight:{messages:<clientId>}, when the entries are
--          there (an acknowledging client's); a plain client's were taken from its list already
-- ARGV[1]  seconds until an untouched dead-letter list expires
-- ARGV[2...] the entries
-- Returns how many entries the dead-letter list held before.
local before = redis.call('LLEN', KEYS[1])
for i = 2, #ARGV do
  if KEYS[2] then
    redis.call('LREM', KEYS[2], 1, ARGV[i])
  end
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return before
