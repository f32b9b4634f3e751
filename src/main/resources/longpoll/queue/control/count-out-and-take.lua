-- A poll's end, once its blocking pop took the client's first entry: counts the poll out and
-- takes the entries right behind that one.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its count of waiting polls, presence:{messages:<clientId>}
-- ARGV[1]  the most entries to take (0: none)
-- ARGV[2]  seconds until the count expires
-- Returns the entries taken, oldest first.
count_polls(KEYS[2], -1, ARGV[2])
if tonumber(ARGV[1]) == 0 then
  return {}
end
return redis.call('LPOP', KEYS[1], ARGV[1]) or {}
