-- A plain poll's end, once its blocking pop took the client's first entry (ARGV[2]). If the poll
-- is still the poller, it steps down and takes the entries right behind that one; if a newer poll
-- took over meanwhile, or its node released it, the entry goes back to the head of the list,
-- where the poller gets it: a poll that stopped waiting delivers nothing.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its poller, poller:{messages:<clientId>}
-- KEYS[3]  this poll's wake key
-- ARGV[1]  the most further entries to take (0: none)
-- ARGV[2]  the entry the pop took
-- ARGV[3]  seconds until the client's list expires untouched (it may have to be created again)
-- ARGV[4]  the most bytes to take with the first entry (see batch.lua)
-- Returns {1, entries taken behind it...} for the poller, {0} when the entry went back.
if not step_down(KEYS[2], KEYS[3]) then
  redis.call('LPUSH', KEYS[1], ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return {0}
end
local answer = {1}
for _, entry in ipairs(take_batch(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[4]), #ARGV[2])) do
  table.insert(answer, entry)
end
return answer
