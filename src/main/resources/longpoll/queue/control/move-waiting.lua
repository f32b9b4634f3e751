-- After a blocking move took a client's first message into its in-flight list, moves the ones
-- right behind it too (up to a batch), and keeps the in-flight list from outliving the client.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its in-flight list, inflight:{messages:<clientId>}
-- ARGV[1]  the most entries to move
-- ARGV[2]  seconds until an untouched in-flight list expires
-- Returns the entries moved, oldest first.
local moved = {}
for _ = 1, tonumber(ARGV[1]) do
  local entry = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
  if not entry then
    break
  end
  moved[#moved + 1] = entry
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return moved
