-- A poll's start: takes the client's entries that are there already; when there are none, counts
-- the poll in as waiting, since it will now block until one comes (see count-out-and-take.lua).
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its count of waiting polls, presence:{messages:<clientId>}
-- ARGV[1]  the most entries to take
-- ARGV[2]  seconds until the count expires
-- Returns the entries taken, oldest first; none when the poll was counted in.
local entries = redis.call('LPOP', KEYS[1], ARGV[1])
if entries then
  return entries
end
count_polls(KEYS[2], 1, ARGV[2])
return {}
