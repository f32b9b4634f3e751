-- After a blocking move took a client's first message into its in-flight list, counts the poll
-- out, moves the ones right behind it too, keeps the in-flight list from outliving the client,
-- and returns the head of the in-flight list: what the poll hands out.
--
-- It returns the head rather than just the entries it moved because a client that dropped a
-- poll leaves it waiting on the server, which may have moved messages into the in-flight list
-- and written them to the dropped connection. What a poll hands out must be a prefix of the
-- in-flight list, so that acknowledging its last id never acknowledges a message not handed out.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its in-flight list, inflight:{messages:<clientId>}
-- KEYS[3]  its count of waiting polls, presence:{messages:<clientId>}
-- ARGV[1]  the most entries to hand out
-- ARGV[2]  seconds until an untouched in-flight list expires
-- ARGV[3]  seconds until the count expires
-- Returns up to ARGV[1] entries from the head of the in-flight list, oldest first.
count_polls(KEYS[3], -1, ARGV[3])
local most = tonumber(ARGV[1])
for _ = redis.call('LLEN', KEYS[2]) + 1, most do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then
    break
  end
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return redis.call('LRANGE', KEYS[2], 0, most - 1)
