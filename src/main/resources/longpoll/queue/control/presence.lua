-- Counts a client's waiting polls, over every node: +1 when a poll starts waiting, -1 when it
-- ends. A send reads the count (see append.lua) to tell its sender whether the recipient waits.
-- The count expires a little after the longest poll, so the polls of a node that died without
-- counting them out stop counting by themselves. Put before the scripts that count a poll in or
-- out, so that each does it in the same round trip as the rest of its work.
local function count_polls(key, change, expiry_seconds)
  local count = redis.call('INCRBY', key, change)
  if count <= 0 then
    redis.call('DEL', key)
  else
    redis.call('EXPIRE', key, expiry_seconds)
  end
  return count
end
