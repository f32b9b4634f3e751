-- A plain poll's start: takes over as the client's poller (waking an older poll of the client,
-- wherever it waits), then takes the client's entries that are there already. When there are
-- none it stays the poller, since it now blocks until one comes (see end-wait.lua).
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its poller, poller:{messages:<clientId>}
-- KEYS[3]  this poll's wake key, wake:{messages:<clientId>}:<poll>
-- ARGV[1]  the most entries to take
-- ARGV[2]  seconds until the poller and wake keys expire
-- ARGV[3]  the most bytes to take beyond the first entry (see batch.lua)
-- Returns the entries taken, oldest first; none when the poll now waits.
take_over(KEYS[2], KEYS[3], ARGV[2])
local entries = take_batch(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[3]), 0)
if #entries > 0 then
  step_down(KEYS[2], KEYS[3])
end
return entries
