-- Counts a client's waiting polls, over every node: +1 when a poll starts waiting, -1 when it ends.
-- The count expires a little after the longest poll, so the polls of a node that died without
-- counting them out stop counting by themselves.
-- KEYS[1]  the count, presence:{messages:<clientId>}
-- ARGV[1]  +1 or -1
-- ARGV[2]  seconds until the count expires, renewed by each change
-- Returns the new count.
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count <= 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return count
