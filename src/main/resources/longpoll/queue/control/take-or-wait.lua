-- A plain poll's start: takes over as the client's poller (waking an older poll of the client,
-- wherever it waits), then takes the client's entries that are there already. When there are
-- none it stays the poller, since it now blocks until one comes (see end-wait.lua).
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its poller, poller:{messages:<clientId>}
-- KEYS[3]  this poll's wake key, wake:{messages:<clientId>}:<poll>
-- ARGV[1]  the most entries to take
-- ARGV[2]  seconds until the poller and wake keys expire
-- Returns the entries taken, oldest first; none when the poll now waits.
take_over(KEYS[2], KEYS[3], ARGV[2])
local entries = redis.call('LPOP', KEYS[1], ARGV[1])
if entries then
  step_down(KEYS[2], KEYS[3])
  return entries
end
return {}
